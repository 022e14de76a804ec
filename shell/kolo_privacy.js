// Privacy (issue 17; src/ui/app_privacy.cpp): encrypted exports and their import, with the one
// scheme of shell/kolo_crypto.js (a passphrase -> PBKDF2-SHA-256 -> AES-GCM 256, associated
// data 'kolo-export'), and "forget this device". Linked with --js-library; the answers go to
// the exported kolo_* functions of src/platform/web_main.cpp.
//
// The encrypted file (src/io/encrypted_export.hpp checks it before the passphrase is asked):
//   {"format": "kolo-encrypted", "version": 1,
//    "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "<base64>"},
//    "cipher": "AES-GCM", "iv": "<base64>", "ct": "<base64>"}
//
// Forgetting: this tab lets go of its database, removes the 'kolo.' keys of localStorage (so a
// tab that reloads finds no settings), then tells the other tabs (BroadcastChannel
// 'kolo-forget'): each lets go of its database for good (closed, never opened again, its save
// channel closed) and reloads, so nothing it holds in memory can be written back. Then the
// databases are deleted (deleteDatabase waits for every connection to close: a save under way
// finishes first and is deleted with the rest), the app's caches and its service worker
// removed, the 'kolo.' keys once more, and this tab reloads.
mergeInto(LibraryManager.library, {
  $KoloPrivacy__deps: ['$KoloCrypto', '$KoloStore', '$koloString'],
  $KoloPrivacy__postset: 'KoloPrivacy.listen();',
  $KoloPrivacy: {
    AAD: 'kolo-export',
    CHANNEL: 'kolo-forget',
    // A database another tab still holds after this long is reported as blocked (the removal
    // goes on and finishes once that tab lets go).
    BLOCKED_MS: 3000,
    channel: null,
    stopped: false,
    describe: function (e) {
      if (!e) return 'unknown error';
      return (e.name && e.name !== 'Error' ? e.name + ': ' : '') + (e.message || String(e));
    },
    listen: function () {
      if (typeof BroadcastChannel !== 'function') return;
      try { KoloPrivacy.channel = new BroadcastChannel(KoloPrivacy.CHANNEL); } catch (e) { return; }
      KoloPrivacy.channel.onmessage = function (m) {
        if (!m.data || m.data.kolo !== 'forget') return;
        KoloPrivacy.stop();
        location.reload();
      };
    },
    // This tab never touches storage again: its database closed and forgotten (a save then
    // fails instead of writing), no other tab's changes read, no question before leaving.
    stop: function () {
      KoloPrivacy.stopped = true;
      window.onbeforeunload = null;
      if (KoloStore.channel) { try { KoloStore.channel.close(); } catch (e) {} KoloStore.channel = null; }
      [KoloStore.db, KoloStore.late, KoloStore.opening && KoloStore.opening.db].forEach(function (db) {
        if (db) { try { db.close(); } catch (e) {} }
      });
      KoloStore.db = null;
      KoloStore.late = null;
    },
    // Resolves once `name` is deleted; a connection that does not let go is reported once as
    // 'blocked' (the request stays and completes when it does).
    deleteDatabase: function (name) {
      return new Promise(function (resolve, reject) {
        var timer = null;
        var req = window.indexedDB.deleteDatabase(name);
        req.onsuccess = function () { clearTimeout(timer); resolve(); };
        req.onerror = function () { clearTimeout(timer); reject(req.error || new Error('IndexedDB refused to delete ' + name)); };
        req.onblocked = function () {
          if (timer === null) timer = setTimeout(function () { Module['_kolo_forget_failed'](koloString('blocked')); }, KoloPrivacy.BLOCKED_MS);
        };
      });
    },
    // Kolo's databases on this origin.
    databases: function () {
      var names = [];
      var listed = window.indexedDB.databases ? window.indexedDB.databases().catch(function () { return []; }) : Promise.resolve([]);
      return listed.then(function (dbs) {
        (dbs || []).forEach(function (d) {
          if (d && (d.name === 'kolo' || /^kolo-copy-/.test(d.name || '')) && names.indexOf(d.name) < 0) names.push(d.name);
        });
        return names;
      });
    },
    // Every 'kolo.' key of localStorage (settings, notices told once).
    clearLocal: function () {
      var keys = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf('kolo.') === 0) keys.push(k);
      }
      keys.forEach(function (k) { window.localStorage.removeItem(k); });
    },
    forget: function () {
      KoloPrivacy.stop();
      // Before the other tabs are told: a tab that reloads must find no settings to start from.
      return Promise.resolve().then(function () {
        KoloPrivacy.clearLocal();
        // This page's database is asked for deletion before the others are told: a tab that
        // reloads then opens it only once it is gone (IndexedDB queues requests by name).
        var own = window.indexedDB ? KoloPrivacy.deleteDatabase(KoloStore.name()) : null;
        if (KoloPrivacy.channel) KoloPrivacy.channel.postMessage({ kolo: 'forget' });
        if (!own) return null;
        return Promise.all([own, KoloPrivacy.databases().then(function (names) {
          return Promise.all(names.filter(function (n) { return n !== KoloStore.name(); }).map(KoloPrivacy.deleteDatabase));
        })]);
      }).then(function () {
        if (typeof caches === 'undefined') return null;
        return caches.keys().then(function (names) {
          return Promise.all(names.filter(function (n) { return n.indexOf('kolo-') === 0; }).map(function (n) { return caches.delete(n); }));
        });
      }).then(function () {
        if (!navigator.serviceWorker || !navigator.serviceWorker.getRegistrations) return null;
        return navigator.serviceWorker.getRegistrations().then(function (regs) {
          return Promise.all(regs.map(function (r) { return r.unregister(); }));
        });
      }).then(function () {
        KoloPrivacy.clearLocal();  // anything an old tab wrote before it let go
      });
    },
  },
  // Host::download_encrypted: answers kolo_encrypted_export_done(1, name) once offered, or
  // (0, why).
  kolo_js_download_encrypted__deps: ['$KoloPrivacy', '$KoloCrypto', '$koloOffer', '$koloString'],
  kolo_js_download_encrypted: function (namePtr, jsonPtr, passPtr) {
    var name = UTF8ToString(namePtr), text = UTF8ToString(jsonPtr), passphrase = UTF8ToString(passPtr);
    var iterations = KoloCrypto.ITERATIONS, salt;
    Promise.resolve().then(function () {
      salt = KoloCrypto.randomBytes(16);
      return KoloCrypto.derive(passphrase, salt, iterations);
    }).then(function (key) {
      return KoloCrypto.encrypt(key, text, KoloPrivacy.AAD);
    }).then(function (box) {
      var envelope = { format: 'kolo-encrypted', version: 1,
                       kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: iterations, salt: KoloCrypto.toBase64(salt) },
                       cipher: 'AES-GCM', iv: box.iv, ct: box.ct };
      koloOffer(new Blob([JSON.stringify(envelope, null, 1)], { type: 'application/json' }), name);
      Module['_kolo_encrypted_export_done'](1, koloString(name));
    }).catch(function (err) {
      Module['_kolo_encrypted_export_done'](0, koloString(KoloPrivacy.describe(err)));
    });
  },
  // Host::decrypt: answers kolo_decrypted(the text), or kolo_decrypt_failed(1: the key did not
  // open it, 2: anything else, why).
  kolo_js_decrypt__deps: ['$KoloPrivacy', '$KoloCrypto', '$koloString'],
  kolo_js_decrypt: function (envelopePtr, passPtr) {
    var envelopeText = UTF8ToString(envelopePtr), passphrase = UTF8ToString(passPtr);
    Promise.resolve().then(function () {
      var env = JSON.parse(envelopeText);
      return KoloCrypto.derive(passphrase, KoloCrypto.fromBase64(env.kdf.salt), env.kdf.iterations).then(function (key) {
        return KoloCrypto.decrypt(key, { iv: env.iv, ct: env.ct }, KoloPrivacy.AAD);
      });
    }).then(function (plain) {
      Module['_kolo_decrypted'](koloString(plain));
    }).catch(function (err) {
      var wrong = err && err.name === 'OperationError';
      Module['_kolo_decrypt_failed'](wrong ? 1 : 2, koloString(KoloPrivacy.describe(err)));
    });
  },
  // Host::forget_device: removes everything and reloads; a failure is told (kolo_forget_failed).
  kolo_js_forget_device__deps: ['$KoloPrivacy', '$koloString'],
  kolo_js_forget_device: function () {
    KoloPrivacy.forget().then(function () {
      location.reload();
    }, function (err) {
      Module['_kolo_forget_failed'](koloString(KoloPrivacy.describe(err)));
    });
  },
});
