// The passphrase lock for this device's data (issue 17, item 4; src/ui/app_lock.cpp). While it
// is on, every record's text, and the server's version held in a team-sync conflict, is kept in
// IndexedDB only encrypted; the keys, revisions and references of records stay readable (the
// storage checks them inside its transactions, which cannot wait for WebCrypto).
//
// The scheme: a random AES-GCM-256 data key seals each text (a fresh 12-byte IV, the record's
// key as associated data, so a sealed text moved to another record does not open). The data key
// is kept only wrapped (AES-GCM) by a key the passphrase derives (PBKDF2-SHA-256, a random salt,
// KoloCrypto.ITERATIONS rounds), in the meta store's entry 'lock':
//   {k: 'lock', v: 1, salt: bytes, iterations, kid: 'hex', wrapped: {iv: bytes, ct: bytes}}
// A wrong passphrase fails to unwrap it (the GCM tag): nothing is read or changed. Changing the
// passphrase wraps the same data key anew: one write, nothing re-encrypted, nothing half-done.
// The unwrapped data key lives in this tab's memory only, non-extractable; every tab asks for
// the passphrase when it starts.
//
// Turning the lock on writes 'lock' first, then seals the records in batches; turning it off
// opens them all first, then removes 'lock'. Either cut off midway leaves 'lock' in charge:
// texts still in clear under it are sealed when the data is next loaded (after the passphrase),
// so the state on disk is always one the passphrase opens.
//
// A stored entry holds `text` (clear) or `sealed` {kid, iv, ct} (binary, as IndexedDB keeps it).
mergeInto(LibraryManager.library, {
  $KoloLock__deps: ['$KoloCrypto'],
  $KoloLock: {
    key: null,   // the data key while unlocked
    desc: null,  // the stored 'lock' entry; null: no lock
    clearing: false,  // the lock is being turned off: texts are written in clear
    BATCH: 500,  // entries sealed or opened per transaction
    bytes: function (s) { return new TextEncoder().encode(s); },
    hex: function (b) { return Array.prototype.map.call(b, function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join(''); },
    // Resolves with {sealed} for `text` of the record `k` under the lock, {text} without it.
    seal: function (k, text) {
      if (!KoloLock.key || KoloLock.clearing) return Promise.resolve({ text: text });
      var iv = KoloCrypto.randomBytes(12);
      return crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv, additionalData: KoloLock.bytes(k) }, KoloLock.key, KoloLock.bytes(text))
        .then(function (ct) { return { sealed: { kid: KoloLock.desc.kid, iv: iv, ct: ct } }; });
    },
    // Whether `box` (what seal() made) may be written while the stored 'lock' entry is
    // `stored`: a sealed text under that same lock not being taken off, a clear one with no
    // lock or one being taken off. Every transaction that writes a text checks it, so a tab
    // that missed another's change (a reload it did not take) fails its save instead of
    // writing what nobody could read.
    fits: function (stored, box) {
      var lock = stored && stored.wrapped ? stored : null;
      if (box && box.sealed) return !!lock && !lock.clearing && lock.kid === box.sealed.kid;
      return !lock || !!lock.clearing;
    },
    // `entry` with what seal() made: its text or its sealed text, never both.
    keep: function (entry, box) {
      delete entry.text;
      delete entry.theirs;  // (a held conflict of before the lock)
      delete entry.sealed;
      if (box.sealed) entry.sealed = box.sealed; else entry.text = box.text;
      return entry;
    },
    // Resolves with the text a stored entry holds (null: none); rejects when it is sealed and
    // cannot be opened here (locked, another data key, a damaged byte).
    open: function (entry) {
      if (!entry) return Promise.resolve(null);
      if (!entry.sealed) {
        if (typeof entry.text === 'string') return Promise.resolve(entry.text);
        return Promise.resolve(typeof entry.theirs === 'string' ? entry.theirs : null);
      }
      var s = entry.sealed;
      if (!KoloLock.key || !KoloLock.desc || s.kid !== KoloLock.desc.kid) return Promise.reject(new Error('sealed under another key'));
      return Promise.resolve().then(function () {
        return crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv, additionalData: KoloLock.bytes(String(entry.k)) }, KoloLock.key, s.ct);
      }).then(function (plain) { return new TextDecoder('utf-8', { fatal: true }).decode(plain); });
    },
    // The key the passphrase derives, to wrap or unwrap the data key with.
    wrapping: function (passphrase, salt, iterations) {
      if (!KoloCrypto.available()) return Promise.reject(new Error('this browser has no WebCrypto (a page must be served over https or from localhost)'));
      return crypto.subtle.importKey('raw', KoloLock.bytes(passphrase), 'PBKDF2', false, ['deriveKey']).then(function (base) {
        return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: iterations },
                                       base, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
      });
    },
    // Resolves with the data key `desc` wraps (extractable only to be wrapped again), or null
    // when the passphrase does not open it.
    unwrap: function (desc, passphrase, extractable) {
      return KoloLock.wrapping(passphrase, desc.salt, desc.iterations).then(function (kek) {
        return crypto.subtle.unwrapKey('raw', desc.wrapped.ct, kek, { name: 'AES-GCM', iv: desc.wrapped.iv, additionalData: KoloLock.bytes('kolo-lock') },
                                       { name: 'AES-GCM', length: 256 }, !!extractable, ['encrypt', 'decrypt']);
      }).then(function (key) { return key; }, function (e) {
        if (e && e.name === 'OperationError') return null;  // the tag did not match: the passphrase
        throw e;
      });
    },
    // Resolves with a new 'lock' entry wrapping `dataKey` (extractable) under `passphrase`.
    wrap: function (dataKey, passphrase, kid) {
      var salt = KoloCrypto.randomBytes(16), iv = KoloCrypto.randomBytes(12);
      return KoloLock.wrapping(passphrase, salt, KoloCrypto.ITERATIONS).then(function (kek) {
        return crypto.subtle.wrapKey('raw', dataKey, kek, { name: 'AES-GCM', iv: iv, additionalData: KoloLock.bytes('kolo-lock') });
      }).then(function (ct) {
        return { k: 'lock', v: 1, salt: salt, iterations: KoloCrypto.ITERATIONS, kid: kid, wrapped: { iv: iv, ct: ct } };
      });
    },
    // Runs `body(tx)` in a transaction; resolves when it completes, rejects when it fails.
    tx: function (db, stores, mode, body) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(stores, mode);
        var out = body(t);
        t.oncomplete = function () { resolve(out); };
        t.onabort = function () { reject(t.error || new Error('the transaction was aborted')); };
      });
    },
    // Resolves with the stored 'lock' entry (or null), kept in KoloLock.desc.
    read: function (db) {
      return KoloLock.tx(db, ['meta'], 'readonly', function (t) {
        var r = t.objectStore('meta').get('lock');
        return r;
      }).then(function (r) {
        var d = r.result;
        KoloLock.desc = d && d.wrapped && d.salt && d.kid ? d : null;
        // (The lock being taken off, by this tab or another: texts are written in clear.)
        if (KoloLock.desc && KoloLock.desc.clearing) KoloLock.clearing = true;
        return KoloLock.desc;
      });
    },
    // Resolves true once `passphrase` opened the data key (kept for this tab), false when it is
    // not the passphrase.
    unlock: function (passphrase) {
      return KoloLock.unwrap(KoloLock.desc, passphrase, false).then(function (key) {
        if (!key) return false;
        KoloLock.key = key;
        return true;
      });
    },
    // Every entry of the records and of the held sync conflicts brought to what `toSealed`
    // asks: sealed with the data key, or in clear. In batches, each read, converted outside the
    // transaction, and written only where the entry is still the one read (another save
    // meanwhile wrote its own, already in the form the lock asks). `progress(done)` after each.
    convert: function (db, toSealed, progress) {
      var done = 0;
      var one = function (store, after) {
        var range = after === null ? null : IDBKeyRange.lowerBound(after, true);
        return KoloLock.tx(db, [store], 'readonly', function (t) {
          return t.objectStore(store).getAll(range, KoloLock.BATCH);
        }).then(function (req) {
          var list = req.result || [];
          if (!list.length) return null;
          var last = list[list.length - 1].k;
          var todo = list.filter(function (e) {
            var sealed = !!e.sealed;
            if (sealed === toSealed) return false;
            // (A conflict's deletion holds neither text.)
            return typeof e.text === 'string' || typeof e.theirs === 'string' || sealed;
          });
          // One that does not open (a damaged byte) is left as it is: the load sets it aside.
          return Promise.all(todo.map(function (e) {
            return KoloLock.open(e).then(function (text) {
              if (!toSealed) return { text: text };
              return KoloLock.seal(String(e.k), text);
            }).then(function (box) { return { was: e, box: box }; }, function () { return null; });
          })).then(function (made) {
            made = made.filter(function (m) { return m; });
            if (!made.length) return last;
            return KoloLock.tx(db, [store, 'meta'], 'readwrite', function (t) {
              var s = t.objectStore(store), lock = t.objectStore('meta').get('lock');
              lock.onsuccess = function () {
                if (!KoloLock.fits(lock.result, made[0].box)) { t.abort(); return; }  // changed meanwhile
                made.forEach(function (m) {
                  var get = s.get(m.was.k);
                  get.onsuccess = function () {
                    var now = get.result;
                    if (!now || now.rev !== m.was.rev || now.crev !== m.was.crev || !!now.sealed !== !!m.was.sealed) return;
                    s.put(KoloLock.keep(now, m.box));
                  };
                });
              };
            }).then(function () { done += made.length; if (progress) progress(done); return last; });
          });
        }).then(function (last) { return last === null ? null : one(store, last); });
      };
      return one('records', null).then(function () { return one('sync_conflicts', null); });
    },
    // Writes the 'lock' entry `entry` in a transaction that finds the one this tab expects:
    // none (`kid` null) or the one of that data key (another tab may have changed it).
    putLock: function (db, entry, kid) {
      return KoloLock.tx(db, ['meta'], 'readwrite', function (t) {
        var was = t.objectStore('meta').get('lock');
        was.onsuccess = function () {
          var w = was.result && was.result.wrapped ? was.result : null;
          if (kid === null ? !!w : (!w || w.kid !== kid)) { t.abort(); return; }
          t.objectStore('meta').put(entry);
        };
      }).catch(function (e) {
        throw new Error('the lock was changed in another tab: reload this page (' + ((e && e.message) || e) + ')');
      });
    },
    // (KoloStore is linked in by every page with storage: kolo_bridge.js.)
    reloadOthers: function () { if (KoloStore.channel) KoloStore.channel.postMessage({ reload: true }); },
    // Turning the lock on, finished: every record sealed, team sync's secrets too (`reseal`),
    // then the mark `sealing` taken off. (A start that finds the mark does this again.)
    finishOn: function (db, reseal) {
      return KoloLock.convert(db, true).then(reseal).then(function () {
        var desc = Object.assign({}, KoloLock.desc);
        delete desc.sealing;
        return KoloLock.putLock(db, desc, desc.kid).then(function () { KoloLock.desc = desc; });
      });
    },
    // Turning the lock off, finished: every text opened (and team sync's secrets), then 'lock'
    // removed in a transaction that finds nothing sealed left, else the pass runs again. Given
    // up, the lock stays in charge: the mark `clearing` is taken off and what was opened is
    // sealed again. (A start that finds the mark does this again.)
    finishOff: function (db, reseal) {
      var attempt = function (left) {
        return KoloLock.convert(db, false).then(reseal).then(function () {
          return KoloLock.tx(db, ['meta', 'records', 'sync_conflicts', 'sync_meta'], 'readwrite', function (t) {
            var scan = function (store, then) {
              t.objectStore(store).openCursor().onsuccess = function (e) {
                var c = e.target.result;
                if (c && c.value.sealed) { t.abort(); return; }
                if (c) c.continue(); else then();
              };
            };
            var config = t.objectStore('sync_meta').get('config');
            config.onsuccess = function () {
              if (config.result && config.result.secret) { t.abort(); return; }
              scan('records', function () { scan('sync_conflicts', function () { t.objectStore('meta').delete('lock'); }); });
            };
          });
        }).catch(function (e) {
          if (left > 0) return attempt(left - 1);
          throw e;
        });
      };
      return attempt(3).then(function () {
        KoloLock.desc = null;
        KoloLock.key = null;
        KoloLock.clearing = false;
        KoloLock.reloadOthers();
      }, function (e) {
        var desc = Object.assign({}, KoloLock.desc);
        delete desc.clearing;
        return KoloLock.putLock(db, desc, desc.kid).then(function () {
          KoloLock.desc = desc;
          KoloLock.clearing = false;
          return KoloLock.convert(db, true).then(reseal);
        }).catch(function () {}).then(function () { throw e; });
      });
    },
  },
  // The passphrase typed on the lock screen: the data loads (kolo_storage_opened), or the
  // screen is asked again (kolo_lock_screen 1: wrong; 2: failed, and why).
  kolo_js_storage_unlock__deps: ['$KoloLock', '$KoloStore', '$koloString'],
  kolo_js_storage_unlock: function (passPtr) {
    var passphrase = UTF8ToString(passPtr);
    var db = KoloStore.db;
    // ('lock' read again: another tab may have removed it meanwhile.)
    KoloLock.read(db).then(function (desc) {
      if (!desc) return true;
      return KoloLock.unlock(passphrase);
    }).then(function (ok) {
      if (!ok) { Module['_kolo_lock_screen'](1, koloString('')); return; }
      KoloStore.loadAll();
    }, function (e) { Module['_kolo_lock_screen'](2, koloString(KoloStore.describe(e))); });
  },
  // Settings: the lock turned on (`current` empty), its passphrase changed (both), or turned
  // off (`next` empty). Answers kolo_lock_done(0 done | 1 not the passphrase | 2 failed, why |
  // 3 on, but not every record sealed yet: the next start goes on) and kolo_lock_status.
  // Tabs that would write in the old form are reloaded (they ask for the passphrase, or open
  // without it); one that does not reload fails its saves (KoloLock.fits).
  kolo_js_lock_set__deps: ['$KoloLock', '$KoloStore', '$KoloSync', '$KoloCrypto', '$koloString'],
  kolo_js_lock_set: function (currentPtr, nextPtr) {
    var current = UTF8ToString(currentPtr), next = UTF8ToString(nextPtr);
    var db = KoloStore.db;
    var answer = function (code, why) {
      Module['_kolo_lock_status'](KoloLock.desc ? 1 : 0);
      Module['_kolo_lock_done'](code, koloString(why || ''));
    };
    var sealing = false;
    Promise.resolve().then(function () {
      if (!KoloCrypto.available()) throw new Error('this browser has no WebCrypto (a page must be served over https or from localhost)');
      if (!KoloLock.desc) {
        // On: a new data key (its bytes held only until both keys are made), wrapped and
        // stored first (marked `sealing` until every record is), then every record sealed.
        var raw = KoloCrypto.randomBytes(32);
        var kid = KoloLock.hex(KoloCrypto.randomBytes(8));
        return Promise.all([
          crypto.subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']),
          crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']),
        ]).then(function (keys) {
          raw.fill(0);
          return KoloLock.wrap(keys[0], next, kid).then(function (desc) {
            desc.sealing = true;
            return KoloLock.putLock(db, desc, null).then(function () {
              KoloLock.desc = desc;
              KoloLock.key = keys[1];
              KoloLock.clearing = false;
              KoloLock.reloadOthers();
              sealing = true;
              return KoloLock.finishOn(db, KoloSync.resealConfig);
            });
          });
        }).then(function () { return 0; });
      }
      return KoloLock.unwrap(KoloLock.desc, current, !!next).then(function (key) {
        if (!key) return 1;
        if (next) {  // the same data key, wrapped under the new passphrase
          return KoloLock.wrap(key, next, KoloLock.desc.kid).then(function (desc) {
            if (KoloLock.desc.sealing) desc.sealing = true;
            return KoloLock.putLock(db, desc, KoloLock.desc.kid).then(function () { KoloLock.desc = desc; return 0; });
          });
        }
        // Off: marked `clearing` first (every tab writes texts in clear from then on), the
        // other tabs reloaded, every text opened, then 'lock' removed.
        var desc = Object.assign({}, KoloLock.desc, { clearing: true });
        delete desc.sealing;
        return KoloLock.putLock(db, desc, KoloLock.desc.kid).then(function () {
          KoloLock.desc = desc;
          KoloLock.clearing = true;
          KoloLock.reloadOthers();
          return KoloLock.finishOff(db, KoloSync.resealConfig);
        }).then(function () { return 0; });
      });
    }).then(function (code) { answer(code, ''); }, function (e) {
      answer(sealing ? 3 : 2, KoloStore.describe(e));
    });
  },
});
