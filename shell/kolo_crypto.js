// Kolo's one encryption scheme, for team sync (shell/kolo_sync.js) and encrypted exports: a
// passphrase derives an AES-GCM key with WebCrypto's PBKDF2 (SHA-256, KoloCrypto.ITERATIONS
// rounds, a random 16-byte salt); each text is encrypted with a fresh random 12-byte IV and the
// 128-bit tag, with `aad` (what the text belongs to: a record's key) bound to it, so a
// ciphertext moved to another record fails to decrypt. Nothing here keeps the passphrase; keys
// are made non-extractable unless asked otherwise.
mergeInto(LibraryManager.library, {
  $KoloCrypto: {
    // OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about half a second on a phone.
    ITERATIONS: 600000,
    CHECK: 'kolo-key-check',
    available: function () {
      return typeof crypto !== 'undefined' && crypto.subtle && typeof crypto.subtle.deriveKey === 'function';
    },
    randomBytes: function (n) {
      var b = new Uint8Array(n);
      crypto.getRandomValues(b);
      return b;
    },
    toBase64: function (bytes) {
      var parts = [];
      for (var i = 0; i < bytes.length; i += 0x8000)
        parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
      return btoa(parts.join(''));
    },
    fromBase64: function (text) {
      var s = atob(text);
      var out = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out;
    },
    // Resolves with an AES-GCM key from `passphrase` and `salt` (bytes).
    derive: function (passphrase, salt, iterations) {
      if (!KoloCrypto.available()) return Promise.reject(new Error('this browser has no WebCrypto (a page must be served over https or from localhost)'));
      return crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']).then(function (base) {
        return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: iterations || KoloCrypto.ITERATIONS },
                                       base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      });
    },
    // Resolves with {key, raw}: the same key as derive() makes, and its 32 bytes, for team sync
    // to keep them sealed under the device's lock (shell/kolo_lock.js) and nowhere else.
    deriveRaw: function (passphrase, salt, iterations) {
      if (!KoloCrypto.available()) return Promise.reject(new Error('this browser has no WebCrypto (a page must be served over https or from localhost)'));
      return crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']).then(function (base) {
        return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: iterations || KoloCrypto.ITERATIONS }, base, 256);
      }).then(function (bits) {
        var raw = new Uint8Array(bits);
        return KoloCrypto.importRaw(raw).then(function (key) { return { key: key, raw: raw }; });
      });
    },
    importRaw: function (raw) { return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']); },
    // Resolves with {iv, ct} (base64) of the UTF-8 `text`.
    encrypt: function (key, text, aad) {
      var iv = KoloCrypto.randomBytes(12);
      var params = { name: 'AES-GCM', iv: iv };
      if (aad) params.additionalData = new TextEncoder().encode(aad);
      return crypto.subtle.encrypt(params, key, new TextEncoder().encode(text)).then(function (ct) {
        return { iv: KoloCrypto.toBase64(iv), ct: KoloCrypto.toBase64(new Uint8Array(ct)) };
      });
    },
    // Resolves with the text; rejects (an OperationError) when the key, the aad or a byte is wrong.
    decrypt: function (key, box, aad) {
      return Promise.resolve().then(function () {
        var params = { name: 'AES-GCM', iv: KoloCrypto.fromBase64(box.iv) };
        if (aad) params.additionalData = new TextEncoder().encode(aad);
        return crypto.subtle.decrypt(params, key, KoloCrypto.fromBase64(box.ct));
      }).then(function (plain) { return new TextDecoder('utf-8', { fatal: true }).decode(plain); });
    },
    // A key's check: the known text encrypted with it; `verify` tells whether a key opens it.
    makeCheck: function (key) { return KoloCrypto.encrypt(key, KoloCrypto.CHECK, 'check'); },
    verify: function (key, check) {
      return KoloCrypto.decrypt(key, check, 'check').then(function (t) { return t === KoloCrypto.CHECK; }, function () { return false; });
    },
  },
});
