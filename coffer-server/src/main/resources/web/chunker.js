// The content-defined chunking of Coffer's CLI and server, in the browser: FastCDC with the same
// gear table, masks and bounds (see docs/design/content-store.md), so a file cut here has the same
// chunks, the same chunk ids (SHA-256) and the same digest as when the CLI cuts it. That is what
// lets the two deduplicate against each other. The 64-bit rolling hash is kept as two 32-bit halves.
(function () {
  "use strict";

  const MIN = 256 * 1024;
  const AVG = 1024 * 1024;
  const MAX = 4 * 1024 * 1024;
  // The top 22 (below the average size) or 18 (above it) bits of the 64-bit hash must be zero for a
  // cut; both masks lie in the high half.
  const MASK_HARD_HI = 0xfffffc00 | 0;
  const MASK_EASY_HI = 0xffffc000 | 0;

  // 256 values of SplitMix64 from the fixed seed, as the server's table.
  const GEAR_HI = new Uint32Array(256);
  const GEAR_LO = new Uint32Array(256);
  (function () {
    const M = (1n << 64n) - 1n;
    let state = 0x436f666665724344n;
    for (let i = 0; i < 256; i++) {
      state = (state + 0x9e3779b97f4a7c15n) & M;
      let z = state;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
      z = z ^ (z >> 31n);
      GEAR_HI[i] = Number(z >> 32n);
      GEAR_LO[i] = Number(z & 0xffffffffn);
    }
  })();

  /** The length of the next chunk of data[offset, offset + available). */
  function cut(data, offset, available) {
    if (available <= MIN) return available;
    const normalEnd = offset + Math.min(AVG, available);
    const max = Math.min(MAX, available);
    const maxEnd = offset + max;
    let hi = 0;
    let lo = 0;
    let i = offset + MIN;
    for (; i < normalEnd; i++) {
      const b = data[i];
      const sum = ((lo << 1) >>> 0) + GEAR_LO[b];
      hi = (((hi << 1) | (lo >>> 31)) + GEAR_HI[b] + (sum > 0xffffffff ? 1 : 0)) | 0;
      lo = sum >>> 0;
      if ((hi & MASK_HARD_HI) === 0) return i + 1 - offset;
    }
    for (; i < maxEnd; i++) {
      const b = data[i];
      const sum = ((lo << 1) >>> 0) + GEAR_LO[b];
      hi = (((hi << 1) | (lo >>> 31)) + GEAR_HI[b] + (sum > 0xffffffff ? 1 : 0)) | 0;
      lo = sum >>> 0;
      if ((hi & MASK_EASY_HI) === 0) return i + 1 - offset;
    }
    return max;
  }

  /**
   * The chunks of a file, read a window at a time (at most two maximum-size chunks in memory,
   * whatever the file's size), from byte {@code from} when resuming needs no earlier bytes.
   */
  async function* chunks(file) {
    let buf = new Uint8Array(0);
    let start = 0;
    let read = 0;
    for (;;) {
      if (buf.length - start < MAX && read < file.size) {
        const want = 2 * MAX - (buf.length - start);
        const next = new Uint8Array(await file.slice(read, read + want).arrayBuffer());
        const joined = new Uint8Array(buf.length - start + next.length);
        joined.set(buf.subarray(start), 0);
        joined.set(next, buf.length - start);
        buf = joined;
        start = 0;
        read += next.length;
      }
      const available = buf.length - start;
      if (available === 0) return;
      const len = cut(buf, start, available);
      yield buf.slice(start, start + len);
      start += len;
    }
  }

  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

  async function sha256hex(bytes) {
    return hex(await crypto.subtle.digest("SHA-256", bytes));
  }

  /** A file's digest: SHA-256 over its chunk ids (32 bytes each), in order. */
  async function digestOf(ids) {
    const all = new Uint8Array(ids.length * 32);
    ids.forEach((id, n) => {
      for (let i = 0; i < 32; i++) all[n * 32 + i] = parseInt(id.substr(i * 2, 2), 16);
    });
    return sha256hex(all);
  }

  /** Hashing needs WebCrypto, which browsers give only to https pages and to localhost. */
  const available = typeof crypto !== "undefined" && !!crypto.subtle;

  window.CofferChunker = { chunks, sha256hex, digestOf, cut, available, MAX };
})();
