// Team sync: the records of IndexedDB (KoloStore, shell/kolo_bridge.js) with a CouchDB database
// the user names (CouchDB itself, or pouchdb-server), end-to-end encrypted (KoloCrypto).
//
// The server is reached through CouchDB's own HTTP API: _bulk_docs to push, _changes (from a
// checkpoint, long-polled) to pull, one document per record under the record's key
// ("partners/12"). Its revisions are CouchDB's: a push is based on the revision this device last
// had of the document, and the server refuses one based on an older revision (a conflict), so
// no edit on another device is ever written over unseen. What a document holds:
//   {_id: "partners/12", _rev, kid, iv, ct}   ct: AES-GCM of {"t": record text, "r": refs},
//                                              with the id as associated data
//   {_id: "partners/12", _rev, _deleted: true}
//   kolo-keys  {salt, iterations, kid, check}  the key's salt and a check that tells a wrong
//                                              passphrase (the passphrase never leaves the page)
//   kolo-ids   {next}                          ranges of ids handed to devices, so two devices
//                                              never make records under one key
// Here, beside the records (database version 3):
//   sync_records   {k, rev, crev, gone}   the local revision last in step with the server's crev
//   sync_conflicts {k, crev, gone, refs,   a record changed here and on another device: the
//                   text | sealed}         server's version kept as a record is (sealed under
//                                          the device's lock, shell/kolo_lock.js); the user
//                                          chooses (ui/conflicts.cpp), nothing is pushed for it
//                                          until then
//   sync_meta      {k: "config", url, user, password, tables, kid, salt, iterations, key
//                   (a non-extractable CryptoKey), range_end}, {k: "checkpoint", since}
// One tab of a browser syncs (a Web Lock); the others see what it pulls as they see each other's
// saves (the BroadcastChannel), and it sees their saves the same way.
mergeInto(LibraryManager.library, {
  $KoloSync__deps: ['$KoloCrypto', '$KoloLock', '$koloString'],
  $KoloSync: {
    BATCH: 200,
    LONGPOLL_MS: 25000,
    RANGE: 1000000,   // ids a device takes at a time (kolo-ids)
    config: null,
    running: false,
    dirty: null,      // keys saved here since they were last pushed
    wakeup: null,     // aborts the long poll or the wait: something to push
    status: { state: 'off', why: '' },
    counts: { pushed: 0, pulled: 0 },
    tablesSet: null,
    unreadable: {},   // ids of server documents that did not decrypt (or parse) here
    // ---- the database ----------------------------------------------------------------------
    tx: function (stores, mode, body) {
      return new Promise(function (resolve, reject) {
        var t, out;
        try {
          t = KoloStore.db.transaction(stores, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
          out = body(t);
        } catch (e) { reject(e); return; }
        t.oncomplete = function () { resolve(out); };
        t.onabort = function () { reject(t.error || new Error('the transaction was aborted')); };
        t.onerror = function (e) { e.preventDefault(); try { t.abort(); } catch (x) {} };
      });
    },
    get: function (store, key, onValue) {
      var r = store.get(key);
      r.onsuccess = function () { onValue(r.result); };
    },
    // ---- the server ------------------------------------------------------------------------
    request: function (config, method, path, body, signal) {
      var headers = { 'Accept': 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (config.user) headers['Authorization'] = 'Basic ' + btoa(unescape(encodeURIComponent(config.user + ':' + (config.password || ''))));
      return fetch(config.url + path, { method: method, headers: headers, cache: 'no-store', signal: signal,
                                        body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
        return r.text().then(function (text) {
          var json = null;
          try { json = JSON.parse(text); } catch (e) {}
          if (r.ok) return json;
          var err = new Error(r.status === 401 || r.status === 403 ? 'auth'
                              : r.status === 404 ? 'not_found'
                              : 'HTTP ' + r.status + (json && json.reason ? ': ' + json.reason : ''));
          err.status = r.status;
          throw err;
        });
      }, function (e) {
        if (e && e.name === 'AbortError') throw e;
        var err = new Error('offline');
        err.offline = true;
        throw err;
      });
    },
    normalize: function (url) { return String(url || '').trim().replace(/\/+$/, ''); },
    // ---- what the app sees -----------------------------------------------------------------
    report: function (state, why, extra) {
      var s = { state: state, why: why || '', pending: KoloSync.dirty ? KoloSync.dirty.size : 0,
                pushed: KoloSync.counts.pushed, pulled: KoloSync.counts.pulled,
                url: KoloSync.config ? KoloSync.config.url : '', tables: KoloSync.config ? KoloSync.config.tables : [],
                unreadable: Object.keys(KoloSync.unreadable).sort(),
                last_ms: KoloSync.lastMs || 0, notice: KoloSync.notice || '' };
      for (var x in extra || {}) s[x] = extra[x];
      if (state === 'synced') {  // the user's own clock, as the app shows times
        var d = new Date(), two = function (n) { return (n < 10 ? '0' : '') + n; };
        s.synced_at = d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
      }
      KoloSync.status = s;
      if (Module['_kolo_sync_status']) Module['_kolo_sync_status'](koloString(JSON.stringify(s)));
    },
    fail: function (e) {
      if (e && e.offline) KoloSync.report('offline', navigator.onLine === false ? 'no_network' : 'unreachable');
      else if (e && e.message === 'auth') KoloSync.report('error', 'auth');
      else if (e && e.message === 'not_found') KoloSync.report('error', 'not_found');
      else if (e && e.message === 'key_changed') KoloSync.report('error', 'key_changed');
      else KoloSync.report('error', 'other', { detail: String((e && e.message) || e) });
    },
    // ---- local changes ---------------------------------------------------------------------
    // Keys saved here (this tab or another): pushed soon.
    noteLocal: function (keys) {
      if (!KoloSync.dirty || !keys || !keys.length) return;  // (kept while the loop is stopped too)
      keys.forEach(function (k) { KoloSync.dirty.add(k); });
      if (keys.length > KoloSync.BATCH) KoloSync.rangeChecked = -Infinity;  // (an import): ids used fast
      KoloSync.trace('local ' + keys.length);
      KoloSync.poke();
    },
    poke: function () { if (KoloSync.wakeup) KoloSync.wakeup.abort(); },
    // For the benchmarks (tests/bench/sync.mjs): [Date.now(), what] of each step, while the
    // page keeps an array in window.koloSyncTrace.
    trace: function (what) { if (window.koloSyncTrace) window.koloSyncTrace.push([Date.now(), what]); },
    table: function (k) { var i = k.indexOf('/'); return i < 0 ? '' : k.slice(0, i); },
    synced: function (k) { return KoloSync.tablesSet && KoloSync.tablesSet[KoloSync.table(k)] === true; },
    // At start: every record whose revision is not the one last in step, and every record gone
    // here that the server still has.
    scan: function () {
      var found = [];
      return KoloSync.tx(['records', 'sync_records'], 'readonly', function (t) {
        var local = {};
        t.objectStore('records').openCursor().onsuccess = function (e) {
          var c = e.target.result;
          if (c) { local[c.value.k] = c.value.rev; c.continue(); return; }
          t.objectStore('sync_records').openCursor().onsuccess = function (e2) {
            var s = e2.target.result;
            if (!s) {
              for (var k in local) found.push(k);
              return;
            }
            var rev = local[s.value.k] || 0;
            delete local[s.value.k];
            if (rev !== s.value.rev) found.push(s.value.k);
            s.continue();
          };
        };
      }).then(function () { found.forEach(function (k) { KoloSync.dirty.add(k); }); });
    },
    // ---- push ------------------------------------------------------------------------------
    // Keys in the order of the tables (the app sends them in the order of KOLO_TABLES, where a
    // table refers only to those before it), then of ids: what a record refers to reaches the
    // server, and so every other device's changes feed, before the record does.
    order: function (a, b) {
      var t = KoloSync.config.tables;
      var ta = t.indexOf(KoloSync.table(a)), tb = t.indexOf(KoloSync.table(b));
      if (ta !== tb) return ta - tb;
      var ia = +a.slice(a.indexOf('/') + 1), ib = +b.slice(b.indexOf('/') + 1);
      return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
    },
    push: function () {
      if (!KoloSync.dirty.size) return Promise.resolve();
      var all = Array.from(KoloSync.dirty).sort(KoloSync.order);
      KoloSync.dirty.clear();
      var at = 0;
      var next = function () {
        if (at >= all.length) return Promise.resolve();
        var keys = all.slice(at, at + KoloSync.BATCH);
        return KoloSync.pushBatch(keys).then(function () { at += keys.length; return next(); });
      };
      return next().catch(function (e) {  // what was not pushed waits for the next try
        for (var i = at; i < all.length; i++) KoloSync.dirty.add(all[i]);
        throw e;
      }).then(function () { return KoloSync.push(); });
    },
    pushBatch: function (keys) {
      var rows = [];
      return KoloSync.tx(['records', 'sync_records', 'sync_conflicts'], 'readonly', function (t) {
        keys.forEach(function (k) {
          if (!KoloSync.synced(k)) return;
          var row = { k: k };
          rows.push(row);
          KoloSync.get(t.objectStore('records'), k, function (v) { row.local = v; });
          KoloSync.get(t.objectStore('sync_records'), k, function (v) { row.s = v; });
          KoloSync.get(t.objectStore('sync_conflicts'), k, function (v) { row.conflict = v; });
        });
      }).then(function () {
        var docs = [], sent = [], settled = [];
        // Each row's document in the rows' order (encryption resolves in any order).
        return Promise.all(rows.map(function (row) {
          var localRev = row.local ? row.local.rev : 0, s = row.s || null;
          if (row.conflict || localRev === (s ? s.rev : 0)) return null;
          if (!row.local) {
            if (!s || !s.crev || s.gone) { settled.push({ k: row.k, rev: 0, crev: s ? s.crev : null, gone: true }); return null; }
            if (!s.deleted_here) return null;  // missing, not deleted (set aside): never a deletion
            return { doc: { _id: row.k, _rev: s.crev, _deleted: true }, sent: { k: row.k, rev: 0, gone: true } };
          }
          // (Its text opened first when the device's data is locked: shell/kolo_lock.js.)
          var opened = true;
          return KoloLock.open(row.local).then(function (text) {
            var payload = KoloSync.links(row.k, { text: text === null ? '' : text, refs: row.local.refs }, null);
            payload.s = KoloSync.config.tables;  // what this device syncs: see links()
            return KoloCrypto.encrypt(KoloSync.config.key, JSON.stringify(payload), row.k);
          }, function () { opened = false; return null; }).then(function (box) {
            if (!opened) return null;  // (a damaged sealed text: set aside at the next start, never pushed)
            var doc = { _id: row.k, kid: KoloSync.config.kid, iv: box.iv, ct: box.ct };
            if (s && s.crev) doc._rev = s.crev;  // (after a deletion there: made again on top of it)
            return { doc: doc, sent: { k: row.k, rev: localRev, gone: false } };
          });
        })).then(function (made) {
          made.forEach(function (m) { if (m) { docs.push(m.doc); sent.push(m.sent); } });
          if (!docs.length) return [];
          KoloSync.trace('push ' + docs.length);
          return KoloSync.request(KoloSync.config, 'POST', '/_bulk_docs', { docs: docs });
        }).then(function (results) {
          var byId = {};
          (results || []).forEach(function (r) { byId[r.id] = r; });
          var refused = [], failed = null;
          sent.forEach(function (x) {
            var r = byId[x.k];
            if (r && r.ok) { settled.push({ k: x.k, rev: x.rev, crev: r.rev, gone: x.gone }); KoloSync.counts.pushed++; }
            // A conflict: the server has a revision this device has not seen; it is read now,
            // and the user chooses.
            else if (r && r.error === 'conflict') refused.push(x.k);
            else failed = failed || new Error('the server refused ' + x.k + (r ? ': ' + (r.reason || r.error) : ''));
          });
          return (settled.length ? KoloSync.tx(['sync_records'], 'readwrite', function (t) {
            settled.forEach(function (x) { t.objectStore('sync_records').put(x); });
          }) : Promise.resolve()).then(function () {
            return refused.length ? KoloSync.refetch(refused) : null;
          }).then(function () { if (failed) throw failed; });
        });
      });
    },
    // ---- pull ------------------------------------------------------------------------------
    // One batch of the changes feed; resolves true when caught up.
    pull: function (wait) {
      var path = '/_changes?style=main_only&include_docs=true&limit=' + KoloSync.BATCH + '&since=' + encodeURIComponent(KoloSync.since);
      if (wait) path += '&feed=longpoll&timeout=' + KoloSync.LONGPOLL_MS;
      KoloSync.wakeup = new AbortController();
      return KoloSync.request(KoloSync.config, 'GET', path, undefined, KoloSync.wakeup.signal).then(function (res) {
        KoloSync.wakeup = null;
        KoloSync.trace('pulled ' + (res.results || []).length);
        return KoloSync.decode(res.results || []).then(function (items) {
          return KoloSync.apply(items, res.last_seq);
        }).then(function () { return (res.results || []).length < KoloSync.BATCH; });
      }, function (e) {
        KoloSync.wakeup = null;
        throw e;
      });
    },
    // Server rows ({id, doc, deleted}) as records to take in ({k, crev, text|null, refs}). A
    // document under another key than this device's: when the server's key is this device's
    // too, it was pushed by a device that had not heard of a new passphrase yet, and is left
    // until that device sends it again under the new key; otherwise this device must ask.
    decode: function (rows) {
      var items = [], keysChecked = null, stale = [];
      var current = function () {
        if (!keysChecked) keysChecked = KoloSync.request(KoloSync.config, 'GET', '/kolo-keys').then(function (k) { return k.kid === KoloSync.config.kid; });
        return keysChecked;
      };
      return Promise.all(rows.map(function (r) {
        if (!r.id || r.id.charAt(0) === '_' || r.id.indexOf('kolo-') === 0 || !KoloSync.synced(r.id)) return null;
        var doc = r.doc || {};
        var item = { k: r.id, crev: doc._rev || (r.changes && r.changes[0] && r.changes[0].rev) || (r.value && r.value.rev), text: null, refs: [] };
        if (r.deleted || doc._deleted || (r.value && r.value.deleted)) { items.push(item); return null; }
        if (doc.kid !== KoloSync.config.kid) {
          return current().then(function (ok) {
            if (!ok) throw new Error('key_changed');
            stale.push({ k: r.id, rev: item.crev });
          });
        }
        return KoloCrypto.decrypt(KoloSync.config.key, doc, r.id).then(function (plain) {
          return JSON.parse(plain);
        }).then(function (v) {
          if (!v || typeof v.t !== 'string') throw new Error('not a record');
          item.text = v.t;
          item.refs = Array.isArray(v.r) ? v.r : [];
          item.s = Array.isArray(v.s) ? v.s : null;
          items.push(item);
          delete KoloSync.unreadable[r.id];
        }, function () {
          // Damaged, or not a record this Kolo reads: left on the server, never taken in, and
          // told (Settings); the rest syncs on. A newer version of it is read again.
          KoloSync.unreadable[r.id] = true;
        });
      })).then(function () {
        if (!stale.length) return items;
        // This device's own pushes among them (it had not heard of the new passphrase yet):
        // sent again, under the new key, based on the same revisions.
        return KoloSync.tx(['sync_records'], 'readwrite', function (t) {
          stale.forEach(function (x) {
            KoloSync.get(t.objectStore('sync_records'), x.k, function (s) {
              if (s && s.crev === x.rev) { s.rev = -1; t.objectStore('sync_records').put(s); KoloSync.dirty.add(x.k); }
            });
          });
        }).then(function () { return items; });
      });
    },
    // Documents the server refused a push of (a newer revision there): read as they are now and
    // taken in as pulled ones are (a conflict when changed here too), the checkpoint unchanged.
    refetch: function (ids) {
      return KoloSync.request(KoloSync.config, 'POST', '/_all_docs?include_docs=true', { keys: ids }).then(function (res) {
        return KoloSync.decode(res.rows || []);
      }).then(function (items) { return KoloSync.apply(items, KoloSync.since); });
    },
    // A record's {t: text, r: refs} as it leaves (`pulled` null) or comes in over `local`: its
    // optional links to tables that do not sync stay on this device (storage/records.hpp,
    // sync_outgoing, sync_incoming). Most records have none, and are as they are.
    // Coming in, the links that count are to the tables both this device and the sender sync
    // (`pulled.s`, sent inside the ciphertext): a link to a table the sender does not sync was
    // cleared there and keeps this device's value; one to a table this device does not sync is
    // not taken (it would point at nothing here).
    links: function (k, local, pulled) {
      var mine = local ? { t: local.text, r: local.refs || [] } : null;
      var set = KoloSync.config.tables;
      if (pulled && Array.isArray(pulled.s)) set = set.filter(function (t) { return pulled.s.indexOf(t) >= 0; });
      var outside = function (ref) { return set.indexOf(KoloSync.table(ref)) < 0; };
      var rec = pulled ? { t: pulled.text, r: pulled.refs } : mine;
      var needs = (mine && mine.r.some(outside)) || (pulled && rec.r.some(outside));
      if (!needs || !Module['_kolo_sync_links']) return rec;
      var out = UTF8ToString(Module['_kolo_sync_links'](koloString(set.join(',')), koloString(k),
                                                         koloString(rec.t), koloString(pulled && mine ? mine.t : ''), pulled ? 1 : 0));
      if (!out) return rec;
      var v = JSON.parse(out);
      return { t: v.t, r: v.r };
    },
    // Takes pulled records in, in one transaction with the checkpoint: a record not changed
    // here since it was last in step is written (and every tab shown it); one changed here too
    // is a conflict, unless both hold the same. What each holds here is read and opened first,
    // and each pulled text sealed as it will be kept (under the device's lock, WebCrypto runs
    // outside transactions); a record saved here in between starts it all again.
    apply: function (items, lastSeq, tries) {
      var changed = [], conflicts = [], goneHere = {}, before = {}, moved = false, pulled = 0, misfit = false;
      var generation = KoloSync.generation;
      items.forEach(function (it) {
        if (it.text === null) goneHere[it.k] = true;
        if (!it.pulled) it.pulled = { text: it.text, refs: it.refs };  // (as it came, for a retry)
      });
      return KoloSync.tx(['records'], 'readonly', function (t) {
        items.forEach(function (it) { KoloSync.get(t.objectStore('records'), it.k, function (v) { before[it.k] = v; }); });
      }).then(function () {
        return Promise.all(items.map(function (it) {
          var local = before[it.k];
          return KoloLock.open(local).then(function (t) { return t; }, function () { return ''; }).then(function (text) {
            // (One that does not open is taken as unreadable: it is set aside at the next start.)
            it.local = local ? { rev: local.rev, text: text === null ? '' : text, refs: local.refs || [] } : null;
            it.box = null;
            if (it.pulled.text === null) return null;
            var kept = KoloSync.links(it.k, it.local, { text: it.pulled.text, refs: it.pulled.refs, s: it.s });
            it.text = kept.t;
            it.refs = kept.r;
            return KoloLock.seal(it.k, it.text).then(function (box) { it.box = box; });
          });
        }));
      }).then(function () {
        return KoloSync.tx(['records', 'sync_records', 'sync_conflicts', 'sync_meta', 'meta'], 'readwrite', function (t) {
          var records = t.objectStore('records'), syncs = t.objectStore('sync_records'), held = t.objectStore('sync_conflicts');
          // Texts in the form the device's lock asks for (KoloLock.fits), else nothing.
          var sample = null;
          items.forEach(function (it) { if (it.box && !sample) sample = it.box; });
          if (sample) {
            KoloSync.get(t.objectStore('meta'), 'lock', function (l) {
              if (!KoloLock.fits(l, sample)) { misfit = true; try { t.abort(); } catch (e) {} }
            });
          }
          items.forEach(function (it) {
            KoloSync.get(records, it.k, function (local) {
              if ((local ? local.rev : 0) !== (it.local ? it.local.rev : 0)) {
                if (!moved) { moved = true; t.abort(); }
                return;
              }
              KoloSync.get(syncs, it.k, function (s) {
                if (moved || (s && s.crev === it.crev)) return;  // this device's own push, or seen already
                var localRev = local ? local.rev : 0;
                var gone = it.text === null;
                if (localRev === (s ? s.rev : 0)) {
                  if (gone && local) {
                    // Deleted there: here too, unless a record kept here refers to it (one that
                    // does not sync, or is not deleted in this batch): then the user chooses.
                    var refs = records.index('refs').getAll(it.k);
                    refs.onsuccess = function () {
                      var kept = (refs.result || []).some(function (r) { return !goneHere[r.k]; });
                      if (kept) {
                        var c = { k: it.k, crev: it.crev, gone: true, refs: [] };
                        held.put(c);
                        conflicts.push({ k: it.k, theirs: null });
                        return;
                      }
                      KoloSync.takeIn(records, syncs, it.k, local, null, null, it.crev);
                      changed.push(it.k);
                    };
                  } else {
                    KoloSync.takeIn(records, syncs, it.k, local, it.box, it.refs, it.crev);
                    if (!gone) changed.push(it.k);
                  }
                  pulled++;
                } else if ((gone && !local) || (local && !gone && it.local.text === it.text)) {
                  syncs.put({ k: it.k, rev: localRev, crev: it.crev, gone: gone });
                  held.delete(it.k);  // both sides hold the same now: nothing to choose
                } else {
                  // The server's version held (sealed as a record is, under the lock).
                  held.put(gone ? { k: it.k, crev: it.crev, gone: true, refs: [] }
                                : KoloLock.keep({ k: it.k, crev: it.crev, gone: false, refs: it.refs }, it.box));
                  conflicts.push({ k: it.k, theirs: gone ? null : it.text });
                }
              });
            });
          });
          t.objectStore('sync_meta').put({ k: 'checkpoint', since: lastSeq });
        });
      }).then(function () {
        KoloSync.since = lastSeq;
        KoloSync.counts.pulled += pulled;
        KoloSync.trace('applied ' + changed.length);
        if (changed.length) {
          KoloStore.fetch(changed);
          if (KoloStore.channel) KoloStore.channel.postMessage({ keys: changed, from: 'sync' });
        }
        if (conflicts.length) KoloSync.tellConflicts(conflicts);
      }, function (e) {
        if (misfit) throw new Error('the passphrase lock was changed in another tab: reload this page');
        // Saved here meanwhile: again (a few times; the loop tries later otherwise).
        if (moved && generation === KoloSync.generation && (tries || 0) < 5) return KoloSync.apply(items, lastSeq, (tries || 0) + 1);
        throw e;
      });
    },
    // The server's version of `k` (`box`, as KoloLock.seal made it; null: deleted there)
    // written here over `local`, in step with the server's revision `crev`.
    takeIn: function (records, syncs, k, local, box, refs, crev) {
      if (!box) {
        if (local) records.delete(k);
        syncs.put({ k: k, rev: 0, crev: crev, gone: true });
        return;
      }
      var rev = (local ? local.rev : 0) + 1;
      records.put(KoloLock.keep({ k: k, rev: rev, refs: refs || [] }, box));
      syncs.put({ k: k, rev: rev, crev: crev, gone: false });
    },
    // [{k, theirs: text | null}] to the app's conflict dialog.
    tellConflicts: function (list) {
      if (!list.length || !Module['_kolo_sync_conflicts']) return;
      Module['_kolo_sync_conflicts'](koloString(JSON.stringify(list.map(function (c) {
        return { k: c.k, rev: 0, text: c.theirs, why: 'device' };
      }))));
    },
    // The user chose (ui/conflicts.cpp). Mine: pushed now, based on the server's revision.
    // Theirs (and "both", whose copy of mine the app makes as a new record): the server's
    // version written here as a pulled one is, in step with the server, in the same
    // transaction that settles the conflict; nothing of mine goes out.
    resolved: function (k, theirs) {
      var changed = false;
      return KoloSync.tx(['records', 'sync_conflicts', 'sync_records', 'meta'], 'readwrite', function (t) {
        KoloSync.get(t.objectStore('sync_conflicts'), k, function (c) {
          if (!c) return;
          // (Held as a record is kept: sealed or not as the lock was; written as it is only
          // while the lock still asks for that form.)
          var box = KoloSync.heldBox(c);
          if (theirs && box) {
            KoloSync.get(t.objectStore('meta'), 'lock', function (l) { if (!KoloLock.fits(l, box)) { try { t.abort(); } catch (e) {} } });
          }
          t.objectStore('sync_conflicts').delete(k);
          if (!theirs) {
            t.objectStore('sync_records').put({ k: k, rev: -1, crev: c.crev, gone: !KoloSync.heldBox(c) });
            return;
          }
          KoloSync.get(t.objectStore('records'), k, function (local) {
            // (Held as a record is kept, sealed or not: written as it is.)
            KoloSync.takeIn(t.objectStore('records'), t.objectStore('sync_records'), k, local, KoloSync.heldBox(c), c.refs, c.crev);
            changed = true;
          });
        });
      }).then(function () {
        if (changed) {
          KoloStore.fetch([k]);
          if (KoloStore.channel) KoloStore.channel.postMessage({ keys: [k], from: 'sync' });
        } else {
          KoloSync.noteLocal([k]);
        }
      });
    },
    // ---- ids -------------------------------------------------------------------------------
    // A range of ids from the server's kolo-ids (compare-and-swap on its revision), above every
    // id this device has handed out.
    reserveRange: function (config, localNext) {
      return KoloSync.request(config, 'GET', '/kolo-ids').catch(function (e) {
        if (e.status === 404) return null;
        throw e;
      }).then(function (doc) {
        var start = Math.max(doc && typeof doc.next === 'number' ? doc.next : 1, localNext || 1);
        var next = { _id: 'kolo-ids', next: start + KoloSync.RANGE };
        if (doc) next._rev = doc._rev;
        return KoloSync.request(config, 'PUT', '/kolo-ids', next).then(function () {
          return { start: start, end: start + KoloSync.RANGE };
        }, function (e) {
          if (e.status === 409) return KoloSync.reserveRange(config, localNext);
          throw e;
        });
      });
    },
    readMeta: function () {
      var out = {};
      return KoloSync.tx(['meta', 'sync_meta'], 'readonly', function (t) {
        KoloSync.get(t.objectStore('meta'), 'doc', function (v) { out.meta = v; });
        KoloSync.get(t.objectStore('sync_meta'), 'config', function (v) { out.config = v; });
        KoloSync.get(t.objectStore('sync_meta'), 'checkpoint', function (v) { out.checkpoint = v; });
      }).then(function () {
        // Under the device's lock the password and the key's bytes are kept sealed (`secret`).
        var c = out.config;
        if (!c || !c.secret) return out;
        return KoloLock.open({ k: 'sync-secret', sealed: c.secret }).then(function (text) {
          var v = JSON.parse(text);
          c.password = v.p;
          c.raw = KoloCrypto.fromBase64(v.r);
          return KoloCrypto.importRaw(c.raw);
        }).then(function (key) { c.key = key; return out; });
      });
    },
    // The settings as they are stored: under the device's lock, with the password and the
    // key's bytes sealed in `secret` (the key itself is not kept); without it, with the
    // password and the key (non-extractable) as they are. A key whose bytes this tab does not
    // have (the lock was turned on after connecting) cannot be sealed: the settings are kept
    // without it (`relink`), and the user connects again.
    storedConfig: function (config) {
      var entry = {};
      for (var x in config) if (x !== 'raw' && x !== 'key' && x !== 'password' && x !== 'secret') entry[x] = config[x];
      if (!KoloLock.key || KoloLock.clearing) {
        if (config.key) { entry.key = config.key; entry.password = config.password; delete entry.relink; }
        return Promise.resolve(entry);
      }
      if (!config.raw) {
        if (config.key) entry.relink = true;
        return Promise.resolve(entry);
      }
      delete entry.relink;
      return KoloLock.seal('sync-secret', JSON.stringify({ p: config.password || '', r: KoloCrypto.toBase64(config.raw) })).then(function (box) {
        entry.secret = box.sealed;
        return entry;
      });
    },
    // The stored settings brought to the form the lock asks for (kolo_js_lock_set).
    resealConfig: function () {
      if (!KoloStore.db.objectStoreNames.contains('sync_meta')) return Promise.resolve();
      var stored = null;
      return KoloSync.tx(['sync_meta'], 'readonly', function (t) {
        KoloSync.get(t.objectStore('sync_meta'), 'config', function (v) { stored = v || null; });
      }).then(function () {
        if (!stored) return null;
        var locked = !!KoloLock.key && !KoloLock.clearing;
        if (locked ? !('key' in stored) && !('password' in stored) : !stored.secret) return null;  // as asked already
        return KoloSync.readMeta();
      }).then(function (m) {
        if (!m || !m.config) return null;
        if (KoloSync.config && KoloSync.config.url === m.config.url && KoloSync.config.raw && !m.config.raw) m.config.raw = KoloSync.config.raw;
        return KoloSync.storedConfig(m.config).then(function (entry) {
          return KoloSync.tx(['sync_meta'], 'readwrite', function (t) { t.objectStore('sync_meta').put(entry); });
        });
      });
    },
    // This device's ids running out of its range: the next range, before they do.
    rangeChecked: -Infinity,
    ensureRange: function () {
      KoloSync.rangeChecked = performance.now();
      return KoloSync.readMeta().then(function (m) {
        var next = m.meta && typeof m.meta.next_id === 'number' ? m.meta.next_id : 1;
        // The next range is taken once half of this one is used: a big import, or many starts
        // offline (each reserves a block), never run past its end before the next check.
        if (next < (KoloSync.config.range_end || 0) - KoloSync.RANGE / 2) return;
        var range;
        return KoloSync.reserveRange(KoloSync.config, next).then(function (r) {
          range = r;
          KoloSync.config.range_end = range.end;
          return KoloSync.storedConfig(KoloSync.config);
        }).then(function (entry) {
          return KoloSync.tx(['meta', 'sync_meta'], 'readwrite', function (t) {
            KoloSync.get(t.objectStore('meta'), 'doc', function (meta) {
              meta = meta || { k: 'doc', format: 'kolo', version: KoloStore.VERSION };
              meta.next_id = Math.max(meta.next_id || 1, range.start);
              t.objectStore('meta').put(meta);
            });
            t.objectStore('sync_meta').put(entry);
          });
        });
      });
    },
    // ---- the loop --------------------------------------------------------------------------
    sleep: function (ms) {
      return new Promise(function (resolve) {
        var c = new AbortController();
        KoloSync.wakeup = c;
        var timer = setTimeout(resolve, ms);
        c.signal.addEventListener('abort', function () { clearTimeout(timer); resolve(); });
      }).then(function () { KoloSync.wakeup = null; });
    },
    generation: 0,
    loop: function () {
      var backoff = 1000, caughtUp = false, started = 0;
      var generation = ++KoloSync.generation;  // a loop started again ends the one before
      var step = function () {
        if (!KoloSync.running || generation !== KoloSync.generation) return Promise.resolve();
        started = performance.now();
        var hadWork = KoloSync.dirty.size > 0 || !caughtUp;
        // A few changes go out before anything else (telling the app first would cost them a
        // frame); a first sync or a big batch says "syncing" first.
        if (hadWork && (!caughtUp || KoloSync.dirty.size > KoloSync.BATCH)) KoloSync.report('syncing');
        var range = performance.now() - KoloSync.rangeChecked > 30000 ? KoloSync.ensureRange() : Promise.resolve();
        return range.then(KoloSync.push).then(function () {
          if (hadWork) KoloSync.lastMs = performance.now() - started;
          if (caughtUp && !KoloSync.dirty.size) KoloSync.report('synced');
          return KoloSync.pull(caughtUp && !KoloSync.dirty.size);
        }).then(function (done) {
          caughtUp = done;
          backoff = 1000;
        }, function (e) {
          if (e && e.name === 'AbortError') return;  // woken: something to push
          if (!KoloSync.running) return;
          KoloSync.fail(e);
          if (e && e.message === 'key_changed') { KoloSync.running = false; return; }
          var wait = backoff;
          backoff = Math.min(backoff * 2, 30000);
          return KoloSync.sleep(wait);
        }).then(step);
      };
      return step();
    },
    // Starts syncing with what is stored, if anything (after the records were loaded).
    boot: function () {
      if (!KoloStore.db || !KoloStore.db.objectStoreNames.contains('sync_meta')) return;
      // Records set aside at start reset the checkpoint (kolo_js_storage_set_aside): read after.
      Promise.resolve(KoloStore.settingAside).then(KoloSync.readMeta).then(function (m) {
        if (m.config && m.config.relink && !m.config.key) { KoloSync.config = m.config; KoloSync.report('error', 'relink'); return; }
        if (!m.config || !m.config.key) { KoloSync.report('off'); return; }
        var go = function () {
          KoloSync.config = m.config;
          KoloSync.tablesSet = {};
          (m.config.tables || []).forEach(function (t) { KoloSync.tablesSet[t] = true; });
          KoloSync.since = m.checkpoint ? m.checkpoint.since : 0;
          KoloSync.dirty = new Set();
          KoloSync.running = true;
          KoloSync.report('syncing');
          return KoloSync.scan().then(KoloSync.loadConflicts).then(KoloSync.loop);
        };
        // One tab syncs; the others wait for its lock (and take over when it closes).
        if (navigator.locks && navigator.locks.request) {
          KoloSync.report('other_tab');
          navigator.locks.request('kolo-sync-' + KoloStore.name(), function () {
            return go().then(function () { return new Promise(function () {}); });
          }).catch(function (e) { KoloSync.fail(e); });
        } else {
          go().catch(function (e) { KoloSync.fail(e); });
        }
      }, function (e) { KoloSync.fail(e); });
      window.addEventListener('online', function () { KoloSync.poke(); });
    },
    loadConflicts: function () {
      var list = [];
      return KoloSync.tx(['sync_conflicts'], 'readonly', function (t) {
        t.objectStore('sync_conflicts').openCursor().onsuccess = function (e) {
          var c = e.target.result;
          if (c) { list.push(c.value); c.continue(); }
        };
      }).then(function () {
        return Promise.all(list.map(function (c) {
          var box = KoloSync.heldBox(c);
          if (!box) return { k: c.k, theirs: null };
          return KoloLock.open({ k: c.k, text: box.text, sealed: box.sealed }).then(function (t) { return t === null ? '' : t; }, function () { return ''; })
            .then(function (t) { return { k: c.k, theirs: t }; });
        }));
      }).then(function (told) { KoloSync.tellConflicts(told); });
    },
    // A held conflict's version from the server as KoloLock.keep takes it; null: deleted there.
    // (Held before the lock existed: {theirs: text | null}.)
    heldBox: function (c) {
      if (c.sealed) return { sealed: c.sealed };
      if (typeof c.text === 'string') return { text: c.text };
      if (typeof c.theirs === 'string') return { text: c.theirs };
      return null;
    },
    countRecords: function () {
      var n = 0;
      return KoloSync.tx(['records'], 'readonly', function (t) {
        var r = t.objectStore('records').count();
        r.onsuccess = function () { n = r.result; };
      }).then(function () { return n; });
    },
    // Connecting (kolo_js_sync_connect): the database made if it is not there, the key derived
    // and checked against the server's (a wrong passphrase changes nothing), and, when both
    // this device and the server hold data, nothing done until the user agreed to replace this
    // device's data with the team's. Then the settings are kept and the page starts again.
    connect: function (opts) {
      var config = { k: 'config', url: KoloSync.normalize(opts.url), user: opts.user || '', password: opts.password || '',
                     tables: opts.tables || [] };
      var keys = null, key = null;
      KoloSync.notice = '';
      // The loop stops first: nothing it does can land between the checks below and the new
      // settings (a checkpoint written over the fresh start of a new table choice).
      var wasRunning = KoloSync.running;
      KoloSync.running = false;
      KoloSync.generation++;
      KoloSync.poke();
      KoloSync.report('connecting');
      return KoloSync.request(config, 'GET', '').catch(function (e) {
        if (e.status !== 404) throw e;
        return KoloSync.request(config, 'PUT', '');
      }).then(function () {
        return KoloSync.request(config, 'GET', '/kolo-keys').catch(function (e) { if (e.status === 404) return null; throw e; });
      }).then(function (doc) {
        keys = doc;
        if (keys) {
          return KoloCrypto.deriveRaw(opts.passphrase, KoloCrypto.fromBase64(keys.salt), keys.iterations).then(function (k) {
            key = k.key;
            config.raw = k.raw;
            return KoloCrypto.verify(k.key, keys.check);
          }).then(function (ok) {
            if (!ok) { var e = new Error('wrong_passphrase'); e.quiet = true; throw e; }
          });
        }
        var salt = KoloCrypto.randomBytes(16);
        return KoloCrypto.deriveRaw(opts.passphrase, salt, KoloCrypto.ITERATIONS).then(function (k) {
          key = k.key;
          config.raw = k.raw;
          return KoloCrypto.makeCheck(k.key);
        }).then(function (check) {
          keys = { _id: 'kolo-keys', salt: KoloCrypto.toBase64(salt), iterations: KoloCrypto.ITERATIONS,
                   kid: KoloCrypto.toBase64(KoloCrypto.randomBytes(9)), check: check };
          return KoloSync.request(config, 'PUT', '/kolo-keys', keys);
        });
      }).then(function () {
        config.key = key;
        config.kid = keys.kid;
        return Promise.all([KoloSync.countRecords(), KoloSync.request(config, 'GET', '/_all_docs?limit=10&startkey=%22%60%22'), KoloSync.readMeta()]).then(function (r) {
          // The same database as this browser syncs with already (whichever tab syncs): its
          // records and bookkeeping stay.
          var stored = r[2].config;
          var same = !!(stored && stored.url === config.url);
          var remote = (r[1].rows || []).filter(function (row) { return row.id.indexOf('kolo-') !== 0 && row.id.charAt(0) !== '_'; }).length;
          if (!same && r[0] > 0 && remote > 0 && !opts.replace) {
            KoloSync.notice = 'needs_replace';
            KoloSync.report('needs_replace', '', { local: r[0] });
            if (wasRunning) { KoloSync.running = true; KoloSync.loop(); }
            return;
          }
          var localNext = r[2].meta && typeof r[2].meta.next_id === 'number' ? r[2].meta.next_id : 1;
          var range;
          return KoloSync.reserveRange(config, localNext).then(function (r) {
            range = r;
            config.range_end = range.end;
            return KoloSync.storedConfig(config);
          }).then(function (entry) {
            var tablesChanged = !same || JSON.stringify(stored.tables) !== JSON.stringify(config.tables);
            return KoloSync.tx(['records', 'meta', 'sync_records', 'sync_conflicts', 'sync_meta'], 'readwrite', function (t) {
              if (!same) {
                if (opts.replace) t.objectStore('records').clear();
                t.objectStore('sync_records').clear();
                t.objectStore('sync_conflicts').clear();
              }
              if (tablesChanged) t.objectStore('sync_meta').put({ k: 'checkpoint', since: 0 });
              KoloSync.get(t.objectStore('meta'), 'doc', function (meta) {
                meta = meta || { k: 'doc', format: 'kolo', version: KoloStore.VERSION, claimed: true };
                meta.next_id = Math.max(meta.next_id || 1, range.start);
                meta.records_written = true;
                t.objectStore('meta').put(meta);
              });
              t.objectStore('sync_meta').put(entry);
            }).then(function () {
              if (KoloStore.channel) KoloStore.channel.postMessage({ reload: true });
              location.reload();
            });
          });
        });
      }).catch(function (e) {
        if (e && e.message === 'wrong_passphrase') { KoloSync.notice = 'wrong_passphrase'; KoloSync.report('wrong_passphrase'); }
        else KoloSync.fail(e);
        if (wasRunning) { KoloSync.running = true; KoloSync.loop(); }  // it syncs on as before
      });
    },
    // A new passphrase (kolo_js_sync_change_passphrase): the current one checked, a new salt
    // and key, every document on the server decrypted and encrypted again under the new key
    // (each based on its revision: one another device changed meanwhile is left for its next
    // pass), then kolo-keys replaced. Other devices are told by the new key id ("key_changed")
    // and enter the new passphrase.
    changePassphrase: function (oldPassphrase, newPassphrase) {
      var config = KoloSync.config;
      if (!config || !config.key) return Promise.resolve();
      var keys, newKey, newRaw, newKid = KoloCrypto.toBase64(KoloCrypto.randomBytes(9)), salt = KoloCrypto.randomBytes(16);
      var moved = {};  // id -> new revision, for this device's own record of what is in step
      KoloSync.running = false;
      KoloSync.poke();
      KoloSync.report('rekeying');
      return KoloSync.request(config, 'GET', '/kolo-keys').then(function (doc) {
        keys = doc;
        return KoloCrypto.derive(oldPassphrase, KoloCrypto.fromBase64(keys.salt), keys.iterations);
      }).then(function (oldKey) {
        return KoloCrypto.verify(oldKey, keys.check).then(function (ok) {
          if (!ok) { var e = new Error('wrong_passphrase'); throw e; }
          return KoloSync.readRekey();
        });
      }).then(function (pending) {
        // A change cut off before it ended left documents under its new key, whose salt only
        // this device kept (sync_meta "rekey"): the same new passphrase takes it up where it
        // stopped; another one would leave them unreadable, and is refused.
        if (!pending) {
          return KoloCrypto.deriveRaw(newPassphrase, salt, KoloCrypto.ITERATIONS).then(function (kr) {
            var k = kr.key;
            newRaw = kr.raw;
            return KoloCrypto.makeCheck(k).then(function (check) {
              return KoloSync.tx(['sync_meta'], 'readwrite', function (t) {
                t.objectStore('sync_meta').put({ k: 'rekey', salt: KoloCrypto.toBase64(salt), kid: newKid, check: check });
              }).then(function () { return k; });
            });
          });
        }
        salt = KoloCrypto.fromBase64(pending.salt);
        newKid = pending.kid;
        return KoloCrypto.deriveRaw(newPassphrase, salt, KoloCrypto.ITERATIONS).then(function (kr) {
          var k = kr.key;
          newRaw = kr.raw;
          return KoloCrypto.verify(k, pending.check).then(function (ok) {
            if (!ok) throw new Error('a change of passphrase was cut off: enter the same new passphrase again to finish it');
            return k;
          });
        });
      }).then(function (k) {
        newKey = k;
        var page = function (startkey) {
          var path = '/_all_docs?include_docs=true&limit=' + KoloSync.BATCH + (startkey ? '&skip=1&startkey=' + encodeURIComponent(JSON.stringify(startkey)) : '');
          return KoloSync.request(config, 'GET', path).then(function (res) {
            var rows = res.rows || [];
            return Promise.all(rows.map(function (row) {
              var d = row.doc;
              if (!d || d._deleted || !d.ct || d.kid !== config.kid) return null;
              return KoloCrypto.decrypt(config.key, d, d._id).then(function (plain) {
                return KoloCrypto.encrypt(newKey, plain, d._id);
              }).then(function (box) { return { _id: d._id, _rev: d._rev, kid: newKid, iv: box.iv, ct: box.ct }; });
            })).then(function (docs) {
              docs = docs.filter(function (d) { return d; });
              if (!docs.length) return null;
              return KoloSync.request(config, 'POST', '/_bulk_docs', { docs: docs }).then(function (results) {
                var old = {};
                docs.forEach(function (d) { old[d._id] = d._rev; });
                (results || []).forEach(function (r) { if (r.ok) moved[r.id] = { from: old[r.id], to: r.rev }; });
              });
            }).then(function () { return rows.length === KoloSync.BATCH ? page(rows[rows.length - 1].id) : null; });
          });
        };
        return page(null);
      }).then(function () {
        return KoloCrypto.makeCheck(newKey);
      }).then(function (check) {
        return KoloSync.request(config, 'PUT', '/kolo-keys', { _id: 'kolo-keys', _rev: keys._rev, salt: KoloCrypto.toBase64(salt),
                                                               iterations: KoloCrypto.ITERATIONS, kid: newKid, check: check });
      }).then(function () {
        config.key = newKey;
        config.raw = newRaw;
        config.kid = newKid;
        return KoloSync.storedConfig(config);
      }).then(function (entry) {
        return KoloSync.tx(['sync_meta', 'sync_records'], 'readwrite', function (t) {
          t.objectStore('sync_meta').put(entry);
          t.objectStore('sync_meta').delete('rekey');
          var syncs = t.objectStore('sync_records');
          Object.keys(moved).forEach(function (id) {
            KoloSync.get(syncs, id, function (s) {
              if (s && s.crev === moved[id].from) { s.crev = moved[id].to; syncs.put(s); }
            });
          });
        });
      }).then(function () {
        KoloSync.running = true;
        KoloSync.report('syncing');
        KoloSync.loop();
      }, function (e) {
        KoloSync.running = true;
        if (e && e.message === 'wrong_passphrase') { KoloSync.notice = 'wrong_passphrase'; KoloSync.report('wrong_passphrase'); }
        else KoloSync.fail(e);
        KoloSync.loop();
      });
    },
    readRekey: function () {
      var out = null;
      return KoloSync.tx(['sync_meta'], 'readonly', function (t) {
        KoloSync.get(t.objectStore('sync_meta'), 'rekey', function (v) { out = v || null; });
      }).then(function () { return out; });
    },
    // Stops syncing here: what is on the server and here stays; the settings (and key) go.
    disconnect: function () {
      KoloSync.running = false;
      KoloSync.poke();
      return KoloSync.tx(['sync_meta', 'sync_records', 'sync_conflicts'], 'readwrite', function (t) {
        t.objectStore('sync_meta').clear();
        t.objectStore('sync_records').clear();
        t.objectStore('sync_conflicts').clear();
      }).then(function () {
        if (KoloStore.channel) KoloStore.channel.postMessage({ reload: true });
        location.reload();
      }, function (e) { KoloSync.fail(e); });
    },
  },
  kolo_js_sync_connect__deps: ['$KoloSync'],
  kolo_js_sync_connect: function (json) {
    var opts;
    try { opts = JSON.parse(UTF8ToString(json)); } catch (e) { return; }
    KoloSync.connect(opts);
  },
  kolo_js_sync_change_passphrase__deps: ['$KoloSync'],
  kolo_js_sync_change_passphrase: function (oldPtr, newPtr) {
    KoloSync.changePassphrase(UTF8ToString(oldPtr), UTF8ToString(newPtr));
  },
  kolo_js_sync_disconnect__deps: ['$KoloSync'],
  kolo_js_sync_disconnect: function () { KoloSync.disconnect(); },
  kolo_js_sync_resolved__deps: ['$KoloSync'],
  kolo_js_sync_resolved: function (key, theirs) {
    KoloSync.resolved(UTF8ToString(key), !!theirs).catch(function (e) { KoloSync.fail(e); });
  },
});
