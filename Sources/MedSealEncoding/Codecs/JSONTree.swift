import Foundation

/// Reads JSON text into a ``CBOR`` tree with text keys, so that JSON input is decoded by
/// the same ``CBORValueDecoder`` (and the same field checks) as token contents.
public enum JSONTree {
    /// Parses JSON bytes with ``JSONReader``; a syntax error becomes a ``FieldError`` that
    /// says where it is and what was expected (see ``JSONSyntax``). A name given twice in
    /// one object is refused too.
    public static func parse(_ data: Data) throws(FieldError) -> CBOR {
        do { return try JSONReader.parse([UInt8](data)) } catch {
            // The reader knows the byte; the syntax scanner says the line, column and why.
            throw FieldError(JSONSyntax.message(for: data) ?? "not valid JSON (at byte \(error.offset): \(error.reason))")
        }
    }
}
