// Assay — quality control for human-labelled training data.
// The functions are static inline in the header; this file gives the target a translation unit.
#include "assay_prefetch.h"
