import CSodium

/// libsodium behind safe Swift values: Ed25519 keys, signatures, SHA-256 and random bytes.
/// This is the only file that calls libsodium.
public enum Sodium {
    /// Length of an Ed25519 seed (the secret a key file stores).
    public static let seedLength = Int(crypto_sign_SEEDBYTES)
    /// Length of an Ed25519 public key.
    public static let publicKeyLength = Int(crypto_sign_PUBLICKEYBYTES)
    /// Length of an Ed25519 signature.
    public static let signatureLength = Int(crypto_sign_BYTES)

    private static let ready: Bool = sodium_init() >= 0

    private static func ensureReady() {
        precondition(ready, "libsodium could not be initialised")
    }

    /// `count` bytes from the operating system's secure random source.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        ensureReady()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return bytes
    }

    /// The Ed25519 public key and libsodium's 64-byte secret key for a 32-byte seed.
    public static func ed25519KeyPair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        ensureReady()
        precondition(seed.count == seedLength)
        var publicKey = [UInt8](repeating: 0, count: publicKeyLength)
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        _ = crypto_sign_seed_keypair(&publicKey, &secretKey, seed)
        return (publicKey, secretKey)
    }

    /// An Ed25519 signature of `message` by the 64-byte libsodium secret key.
    public static func ed25519Sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        ensureReady()
        var signature = [UInt8](repeating: 0, count: signatureLength)
        _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by `publicKey`.
    public static func ed25519Verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        ensureReady()
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }

    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        ensureReady()
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        _ = crypto_hash_sha256(&digest, bytes, UInt64(bytes.count))
        return digest
    }

    /// SHA-256 of the bytes in `buffer` (such as a region of a memory-mapped file).
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        ensureReady()
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        _ = crypto_hash_sha256(&digest, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(buffer.count))
        return digest
    }

    /// Parameters of Argon2id key derivation.
    public struct PasswordHashCost: Sendable, Equatable {
        public var operations: UInt64
        public var memory: Int

        public init(operations: UInt64, memory: Int) {
            self.operations = operations
            self.memory = memory
        }
        /// libsodium's "interactive" level: 2 passes over 64 MiB.
        public static let interactive = PasswordHashCost(operations: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE), memory: Int(crypto_pwhash_MEMLIMIT_INTERACTIVE))
    }

    public static let passwordSaltLength = Int(crypto_pwhash_SALTBYTES)
    public static let secretBoxNonceLength = Int(crypto_secretbox_NONCEBYTES)

    /// A 32-byte key derived from `passphrase` with Argon2id; `nil` when the cost is out of range.
    public static func argon2id(_ passphrase: [UInt8], salt: [UInt8], cost: PasswordHashCost) -> [UInt8]? {
        ensureReady()
        guard salt.count == passwordSaltLength, cost.operations >= UInt64(crypto_pwhash_OPSLIMIT_MIN), cost.operations <= 100,
              cost.memory >= Int(crypto_pwhash_MEMLIMIT_MIN), cost.memory <= 1 << 31 else { return nil }
        var key = [UInt8](repeating: 0, count: Int(crypto_secretbox_KEYBYTES))
        let status = passphrase.withUnsafeBufferPointer { password in
            passphrase.isEmpty ? -1 : crypto_pwhash(&key, UInt64(key.count), UnsafeRawPointer(password.baseAddress!).assumingMemoryBound(to: CChar.self), UInt64(password.count),
                                                     salt, cost.operations, cost.memory, crypto_pwhash_ALG_ARGON2ID13)
        }
        return status == 0 ? key : nil
    }

    /// `message` encrypted and authenticated (XSalsa20-Poly1305) under a 32-byte key.
    public static func secretBoxSeal(_ message: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8] {
        ensureReady()
        precondition(nonce.count == secretBoxNonceLength && key.count == Int(crypto_secretbox_KEYBYTES))
        var box = [UInt8](repeating: 0, count: message.count + Int(crypto_secretbox_MACBYTES))
        _ = crypto_secretbox_easy(&box, message, UInt64(message.count), nonce, key)
        return box
    }

    /// The message in a sealed box, or `nil` when the key is wrong or the box was altered.
    public static func secretBoxOpen(_ box: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8]? {
        ensureReady()
        guard nonce.count == secretBoxNonceLength, key.count == Int(crypto_secretbox_KEYBYTES), box.count >= Int(crypto_secretbox_MACBYTES) else { return nil }
        var message = [UInt8](repeating: 0, count: box.count - Int(crypto_secretbox_MACBYTES))
        return crypto_secretbox_open_easy(&message, box, UInt64(box.count), nonce, key) == 0 ? message : nil
    }

    /// An X25519 key pair (for sealed boxes) from a 32-byte seed.
    public static func boxKeyPair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        ensureReady()
        precondition(seed.count == Int(crypto_box_SEEDBYTES))
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_box_PUBLICKEYBYTES))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_box_SECRETKEYBYTES))
        _ = crypto_box_seed_keypair(&publicKey, &secretKey, seed)
        return (publicKey, secretKey)
    }

    /// The length of an X25519 public key, and what a sealed box adds to its message.
    public static let boxPublicKeyLength = Int(crypto_box_PUBLICKEYBYTES)
    public static let sealedBoxOverhead = Int(crypto_box_sealbytes())

    /// `message` in an anonymous sealed box (X25519 + XSalsa20-Poly1305) for `publicKey`:
    /// only the holder of the matching secret key opens it.
    public static func sealedBox(_ message: [UInt8], to publicKey: [UInt8]) -> [UInt8] {
        ensureReady()
        precondition(publicKey.count == boxPublicKeyLength)
        var box = [UInt8](repeating: 0, count: message.count + sealedBoxOverhead)
        _ = crypto_box_seal(&box, message, UInt64(message.count), publicKey)
        return box
    }

    /// The sealed box of `message` whose ephemeral key comes from `ephemeralSeed`: the same
    /// construction as `crypto_box_seal` (ephemeral public key, then `crypto_box` under the
    /// nonce BLAKE2b-192(ephemeral key ‖ recipient key)), opened by ``openSealedBox(_:publicKey:secretKey:)``.
    /// Deterministic, so only for conformance vectors: a real box must have a fresh ephemeral key.
    public static func sealedBox(_ message: [UInt8], to publicKey: [UInt8], ephemeralSeed: [UInt8]) -> [UInt8] {
        ensureReady()
        let ephemeral = boxKeyPair(seed: ephemeralSeed)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_box_NONCEBYTES))
        let input = ephemeral.publicKey + publicKey
        _ = crypto_generichash(&nonce, nonce.count, input, UInt64(input.count), nil, 0)
        var box = [UInt8](repeating: 0, count: message.count + Int(crypto_box_MACBYTES))
        _ = crypto_box_easy(&box, message, UInt64(message.count), nonce, publicKey, ephemeral.secretKey)
        return ephemeral.publicKey + box
    }

    /// The message in a sealed box, or `nil` when the key is not the one it was sealed to or
    /// the box was altered.
    public static func openSealedBox(_ box: [UInt8], publicKey: [UInt8], secretKey: [UInt8]) -> [UInt8]? {
        ensureReady()
        guard box.count >= sealedBoxOverhead, publicKey.count == boxPublicKeyLength, secretKey.count == Int(crypto_box_SECRETKEYBYTES) else { return nil }
        var message = [UInt8](repeating: 0, count: box.count - sealedBoxOverhead)
        return crypto_box_seal_open(&message, box, UInt64(box.count), publicKey, secretKey) == 0 ? message : nil
    }

    /// Overwrites `bytes` with zeros in a way the compiler cannot optimise away.
    public static func wipe(_ bytes: inout [UInt8]) {
        let count = bytes.count
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, count) }
    }
}
