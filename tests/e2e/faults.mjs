// A storage layer that fails on command, for the browser tests (faults.test.mjs) and the soak.
// It is installed before the page's scripts run (context.addInitScript(installFaults)) and
// wraps the real IndexedDB: IDBDatabase.transaction hands back a proxy of the real transaction
// whose stores and requests behave as the browser's do until a fault is armed:
//
//   window.__koloFaults.armed = {on: 'save' | 'load', step, kind}
//   (or sessionStorage 'kolo-fault' = that JSON, read once when the page starts, for 'load')
//
// `on` picks the transaction: 'save' is a write of records (kolo_js_storage_write: records,
// meta and sync_records, read-write), 'load' the start's read of everything (records, meta, snapshots). The
// fault fires once, at the first moment `step` is reached:
//   'transaction'  opening the transaction       kinds: throw, kill
//   'read'         a get, getAll or count         kinds: throw, error, corrupt, hang, kill
//   'write'        a put or delete                kinds: throw, error, quota (the request fails
//                                                 with QuotaExceededError), hang, kill
//   'commit'       every request answered, before the transaction commits
//                                                 kinds: quota, abort, hang, kill
//   'complete'     committed, before the page hears of it     kind: kill
// Kinds follow what browsers do: `throw` (the call throws a DOMException), `error` (the request
// fails; as in IndexedDB its error event goes to the request, then the transaction, and aborts
// the transaction unless a handler prevents that), `quota` (the transaction aborts with
// QuotaExceededError, as Chromium reports a full disk), `abort` (it aborts with UnknownError
// after the writes, as after an I/O error), `corrupt` (a read hands back a record whose text
// is cut in half and whose revision is not a number: the first read that returns a stored
// record; a partner's, when a list is read), `hang` (nothing more is ever answered;
// the real transaction is kept open until the page aborts it), `kill` (as hang, and the test is
// told, window.__koloFaults.hits, so it can crash the tab there).
export function installFaults() {
  const faults = { armed: null, hits: [] };
  window.__koloFaults = faults;
  try {
    const atLoad = sessionStorage.getItem('kolo-fault');
    if (atLoad) { sessionStorage.removeItem('kolo-fault'); faults.armed = JSON.parse(atLoad); }
  } catch (e) { /* no session storage: nothing armed */ }
  const realTransaction = IDBDatabase.prototype.transaction;
  const kindOf = (stores) => {
    const names = [].concat(stores);
    if (names.includes('snapshots') && names.includes('records')) return 'load';
    // A save: records and meta, and sync_records (a deletion marks it for team sync).
    if (names.includes('records') && names.includes('meta') && !names.includes('sync_meta')) return 'save';
    return 'other';
  };
  const domError = (kind) => ({
    throw: new DOMException('An internal error was encountered in the Indexed Database server', 'UnknownError'),
    error: new DOMException('An internal error was encountered in the Indexed Database server', 'UnknownError'),
    quota: new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    abort: new DOMException('An internal error was encountered in the Indexed Database server', 'UnknownError'),
  })[kind];
  const corrupt = (value) => {
    const cut = (r) => (r && typeof r.text === 'string' ? { ...r, text: r.text.slice(0, Math.floor(r.text.length / 2)), rev: 'x' } : r);
    if (Array.isArray(value)) {
      const i = value.findIndex((r) => r && typeof r.text === 'string' && String(r.k).startsWith('partners/'));
      return i < 0 ? value : value.map((r, j) => (j === i ? cut(r) : r));
    }
    return cut(value);
  };

  IDBDatabase.prototype.transaction = function (stores, mode) {
    const f = faults.armed;
    if (!f || mode !== 'readwrite' || f.on !== kindOf(stores)) return realTransaction.apply(this, arguments);
    faults.armed = null;
    const hit = () => faults.hits.push(`${f.on}:${f.step}:${f.kind}`);
    if (f.step === 'transaction') {
      hit();
      if (f.kind === 'throw') throw new DOMException('The database connection is closing.', 'InvalidStateError');
    }
    const tx = realTransaction.apply(this, arguments);
    const first = [].concat(stores)[0];
    const app = { oncomplete: null, onabort: null, onerror: null };
    let frozen = false;     // nothing more reaches the page
    let fired = false;      // the fault has happened
    let injected = null;    // what tx.error reports after an injected abort
    let pageAborted = false;
    let outstanding = 0;
    let writes = 0;
    let proxy = null;
    const freeze = () => {
      frozen = true;
      // A transaction closes once it has nothing to do: keep it busy until the page aborts it.
      const spin = () => {
        if (pageAborted) return;
        try { tx.objectStore(first).count().onsuccess = spin; } catch (e) { /* aborted */ }
      };
      spin();
    };
    const abortWith = (error) => { injected = error; try { tx.abort(); } catch (e) { /* finished */ } };
    const atCommit = () => {
      if (fired || f.step !== 'commit' || outstanding > 0 || writes === 0) return;
      fired = true;
      hit();
      if (f.kind === 'quota' || f.kind === 'abort') abortWith(domError(f.kind));
      else freeze();
    };
    if (f.step === 'transaction') { fired = true; freeze(); }
    tx.oncomplete = (e) => {
      if (frozen) return;
      if (f.step === 'complete' && !fired) { fired = true; hit(); frozen = true; return; }
      if (app.oncomplete) app.oncomplete.call(proxy, e);
    };
    tx.onabort = (e) => { if ((!frozen || pageAborted) && app.onabort) app.onabort.call(proxy, e); };
    tx.onerror = (e) => { if (!frozen && app.onerror) app.onerror.call(proxy, e); };

    // A request of the page's: its handlers are the page's, its answer passes through here.
    const request = (real, step, transform) => {
      outstanding++;
      const req = { onsuccess: null, onerror: null, result: undefined, error: null, readyState: 'pending', source: null, transaction: null };
      req.transaction = proxy;
      const finish = () => { outstanding--; };
      real.onsuccess = (e) => {
        if (frozen) return;
        req.result = transform ? transform(real.result) : real.result;
        req.readyState = 'done';
        finish();
        if (req.onsuccess) req.onsuccess.call(req, { type: 'success', target: req });
        atCommit();
      };
      real.onerror = (e) => {
        if (frozen) return;
        req.error = real.error;
        req.readyState = 'done';
        finish();
        if (req.onerror) req.onerror.call(req, e);
      };
      return req;
    };
    // A request that fails: a real request keeps the transaction open, and when it answers the
    // error event goes where IndexedDB sends it.
    const failing = (storeName, kind) => {
      outstanding++;
      const req = { onsuccess: null, onerror: null, result: undefined, error: null, readyState: 'pending', transaction: proxy };
      const real = tx.objectStore(storeName).count();
      real.onsuccess = () => {
        outstanding--;
        req.error = domError(kind);
        req.readyState = 'done';
        let prevented = false;
        const event = { type: 'error', target: req, bubbles: true, cancelable: true,
          preventDefault() { prevented = true; }, stopPropagation() {}, get defaultPrevented() { return prevented; } };
        try {
          if (req.onerror) req.onerror.call(req, event);
          if (app.onerror) app.onerror.call(proxy, event);
        } catch (err) { prevented = false; }
        if (!prevented) abortWith(req.error);
        else atCommit();
      };
      return req;
    };
    const step = (name, storeName, call, isRead) => {
      if (fired || frozen || f.step !== name) return call(null);
      if (f.kind === 'corrupt') {
        // Fires at the first read that hands back a stored record (not the meta, not nothing).
        return call((value) => {
          if (fired) return value;
          const broken = corrupt(value);
          if (broken !== value) { fired = true; hit(); }
          return broken;
        });
      }
      fired = true;
      hit();
      if (f.kind === 'throw') throw domError('throw');
      if (f.kind === 'error' || f.kind === 'quota') return failing(storeName, f.kind);
      // hang, kill: the call is made, and nothing after it is answered
      const r = call(null);
      freeze();
      return r;
    };
    const wrapSource = (source, storeName) => new Proxy(source, {
      get(target, prop) {
        if (prop === 'get' || prop === 'getAll' || prop === 'count') {
          return (...args) => step('read', storeName, (transform) => request(target[prop](...args), 'read', transform), true);
        }
        if (prop === 'put' || prop === 'delete' || prop === 'add') {
          return (...args) => step('write', storeName, (transform) => { writes++; return request(target[prop](...args), 'write', transform); }, false);
        }
        if (prop === 'index') return (name) => wrapSource(target.index(name), storeName);
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    proxy = new Proxy(tx, {
      get(target, prop) {
        if (prop === 'objectStore') return (name) => wrapSource(target.objectStore(name), name);
        if (prop === 'abort') return () => { pageAborted = true; target.abort(); };
        if (prop === 'error') return injected || target.error;
        if (prop in app) return app[prop];
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
      set(target, prop, value) {
        if (prop in app) app[prop] = value;
        else target[prop] = value;
        return true;
      },
    });
    return proxy;
  };
}
