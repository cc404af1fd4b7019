// Assay — quality control for human-labelled training data.

import Foundation

/// A report's JSON as a dictionary, for checking its keys and nulls.
func jsonObject(_ value: some Encodable) throws -> [String: Any] {
    let data = try JSONEncoder().encode(value)
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

/// Whether `object` has `key` with a JSON null.
func isNull(_ object: [String: Any], _ key: String) -> Bool {
    object.keys.contains(key) && object[key] is NSNull
}
