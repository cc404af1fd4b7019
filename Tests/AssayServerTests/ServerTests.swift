// Assay — quality control for human-labelled training data.

import Testing
