/* Site search in the browser: no framework, no inline script, nothing fetched from elsewhere.
 *
 * The core (tokenizer, shard reading, scoring, snippets) mirrors the Python
 * package search/ and runs under node for the tests; the last part enhances
 * the /search/ page. Static mode reads the files search/export.py wrote
 * (data-index); preview mode asks the live Whoosh index (data-api). Both give
 * the same hits in the same order.
 */
(function (global) {
  "use strict";

  /* ---- normalisation and tokenisation: search/tokenizer.py, rule for rule ---- */

  var PASS_RANGES = [
    [0x21, 0x7e], [0xa1, 0x24f], [0x370, 0x4ff], [0x2010, 0x2027], [0x2030, 0x205e],
    [0x2070, 0x209f], [0x20a0, 0x20c0], [0x2100, 0x24ff], [0x2e80, 0x2fdf], [0x3001, 0x30ff],
    [0x3100, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff],
    [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff01, 0xffef], [0x20000, 0x3ffff]
  ];
  var ALNUM_RANGES = [
    [0x30, 0x39], [0x61, 0x7a], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x24f],
    [0x391, 0x3a9], [0x3b1, 0x3c9], [0x400, 0x45f]
  ];
  var CJK_RANGES = [
    [0x3005, 0x3007], [0x3041, 0x3096], [0x30a1, 0x30fa], [0x30fc, 0x30fc], [0x3400, 0x4dbf],
    [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0x20000, 0x3ffff]
  ];
  var TOKEN_RANGES = ALNUM_RANGES.concat(CJK_RANGES);
  var WHITESPACE = [0x09, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
  for (var ws = 0x2000; ws < 0x200b; ws++) WHITESPACE.push(ws);
  var ALNUM_GRAM = 4;
  var MAX_QUERY_TERMS = 24;
  var EXACT_MIN_CHARS = 6;
  var EXACT_PREFIX = "=";

  function inRanges(code, ranges) {
    for (var i = 0; i < ranges.length; i++) {
      if (code < ranges[i][0]) return false;
      if (code <= ranges[i][1]) return true;
    }
    return false;
  }

  var charCache = new Map();

  function normaliseChar(ch) {
    var code = ch.codePointAt(0);
    if (code === 0x0a) return "\n";
    if (WHITESPACE.indexOf(code) >= 0) return " ";
    if (!inRanges(code, PASS_RANGES)) return "";
    var out = charCache.get(code);
    if (out !== undefined) return out;
    out = "";
    for (var c of ch.normalize("NFKC").toLowerCase()) {
      if (inRanges(c.codePointAt(0), TOKEN_RANGES)) out += c;
    }
    charCache.set(code, out);
    return out;
  }

  function normalise(text) {
    var out = "";
    for (var ch of text) out += normaliseChar(ch);
    return out;
  }

  function classPattern(ranges) {
    return ranges.map(function (r) {
      return "\\u{" + r[0].toString(16) + "}-\\u{" + r[1].toString(16) + "}";
    }).join("");
  }

  var ALNUM_RUN = new RegExp("[" + classPattern(ALNUM_RANGES) + "]{2,}", "gu");

  function pushGrams(out, chars, size) {
    for (var i = 0; i + size <= chars.length; i++) out.push(chars.slice(i, i + size).join(""));
  }

  // Alnum characters are all in the BMP, so code-unit offsets around a run are safe.
  function lineTerms(line, forQuery) {
    var terms = [];
    var start = 0;
    var match;
    ALNUM_RUN.lastIndex = 0;
    while ((match = ALNUM_RUN.exec(line)) !== null) {
      var run = match[0];
      pushGrams(terms, Array.from(line.slice(start, match.index + 1)), 2);
      start = match.index + run.length - 1;
      var chars = Array.from(run);
      if (forQuery) {
        if (chars.length <= ALNUM_GRAM) terms.push(run);
        else pushGrams(terms, chars, ALNUM_GRAM);
      } else {
        for (var size = 2; size <= ALNUM_GRAM; size++) pushGrams(terms, chars, size);
      }
    }
    pushGrams(terms, Array.from(line.slice(start)), 2);
    return terms;
  }

  function indexTokens(text) {
    var tokens = [];
    normalise(text).replace(/ /g, "").split("\n").forEach(function (line) {
      if (line.length > 1) tokens.push.apply(tokens, lineTerms(line, false));
    });
    return tokens;
  }

  function unigramTokens(text) {
    return Array.from(normalise(text).replace(/[ \n]/g, ""));
  }

  function exactKey(value) {
    return normalise(value).replace(/[ \n]/g, "");
  }

  function charCount(text) {
    return Array.from(text).length;
  }

  // English words and pinyin (search-latin.js): needed by a query holding a letter that folds to a-z.
  var latin = null;
  var LATIN_LETTER = /[a-z\u00c0-\u024f]/;
  var core = { normaliseChar: normaliseChar, pushGrams: pushGrams, charCount: charCount,
    classPattern: classPattern, ALNUM_RANGES: ALNUM_RANGES, CJK_RANGES: CJK_RANGES };

  function hasLetter(term) {
    return /[a-z]/.test(term);
  }

  function unique(terms) {
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }

  // Each reading of a query (n-grams, English words, pinyin) as terms to AND; any one matching is a hit.
  function readings(q) {
    if (!q.terms.length) return q.unigram ? [[q.unigram]] : [];
    var keys = [];
    return [q.terms, q.words, q.pinyin].filter(function (r) {
      var key = r.join("\n");
      if (!r.length || keys.indexOf(key) >= 0) return false;
      keys.push(key);
      return true;
    });
  }

  function queryTerms(query) {
    var parts = normalise(query).split(/[ \n]+/).filter(Boolean);
    var joined = parts.join("");
    var longParts = parts.filter(function (p) { return charCount(p) >= 2; });
    if (!longParts.length && charCount(joined) >= 2) longParts = [joined];
    var terms = [];
    longParts.forEach(function (part) {
      lineTerms(part, true).forEach(function (term) {
        if (terms.indexOf(term) < 0) terms.push(term);
      });
    });
    var unigram = charCount(joined) === 1 ? joined : null;
    var marks = longParts.length ? longParts : unigram ? [joined] : [];
    var words = terms.length && latin ? latin.wordTokens(query) : [];
    if (!words.some(hasLetter)) words = [];
    var stems = words.filter(function (w) {
      return charCount(w) >= 3 && hasLetter(w) && marks.indexOf(w) < 0; // 3: STEM_MIN
    });
    return {
      terms: terms.slice(0, MAX_QUERY_TERMS),
      unigram: unigram,
      exact: charCount(joined) >= EXACT_MIN_CHARS && /[0-9]/.test(joined) ? joined : null,
      marks: marks.concat(unique(stems)),
      words: unique(words).slice(0, MAX_QUERY_TERMS),
      pinyin: terms.length && latin ? unique(latin.pinyinQuery(parts)).slice(0, MAX_QUERY_TERMS) : []
    };
  }

  /* ---- the exported files: search/format.py writes and describes them ---- */

  var CRC_TABLE = (function () {
    var table = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    return table;
  })();

  var encoder = new TextEncoder();

  function crc32(bytes) {
    var crc = -1;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ -1) >>> 0;
  }

  function Reader(bytes, pos) {
    this.bytes = bytes;
    this.pos = pos || 0;
  }

  Reader.prototype.varint = function () {
    var value = 0;
    var shift = 0;
    var b;
    do {
      b = this.bytes[this.pos++];
      value += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b & 0x80);
    return value;
  };

  function sameBytes(a, start, b) {
    for (var i = 0; i < b.length; i++) if (a[start + i] !== b[i]) return false;
    return true;
  }

  // Slots as ``count (delta)*``, ascending (search/format.py encode_voids), into a Set.
  function readVoids(r) {
    var voids = new Set();
    for (var i = 0, count = r.varint(), ord = 0; i < count; i++) voids.add((ord += r.varint()));
    return voids;
  }

  // The entry of one term in bucket number ``number`` of ``buckets`` (search/format.py), or null.
  // A chunked entry's files are named by the bucket, its rank among the bucket's chunked entries
  // and each chunk's first slot. An entry stored as a correction names its base term and the
  // base's rank and chunks: it takes the base's postings but the voids, plus its own (``fixes``).
  function findEntry(bucket, term, number, buckets) {
    var want = encoder.encode(term);
    var r = new Reader(bucket);
    var chunked = 0;
    while (r.pos < bucket.length) {
      var length = r.varint();
      var found = length === want.length && sameBytes(bucket, r.pos, want);
      r.pos += length;
      var df = r.varint();
      var shape = r.varint();
      var entry = { df: df, chunks: Math.floor(shape / 2), inline: null, files: [], firsts: [], base: null, fixes: [] };
      var fileBucket = number;
      var rank = chunked;
      if (shape % 2) {
        var baseLength = r.varint();
        entry.base = decoder.decode(bucket.subarray(r.pos, r.pos + baseLength));
        r.pos += baseLength;
        fileBucket = crc32(encoder.encode(entry.base)) % buckets;
        rank = r.varint();
      }
      if (entry.chunks === 0) {
        var size = r.varint();
        entry.inline = bucket.subarray(r.pos, r.pos + size);
        r.pos += size;
      } else {
        for (var i = 0, ord = 0; i < entry.chunks; i++) {
          entry.firsts.push((ord += r.varint()));
          entry.files.push("p/" + fileBucket + "-" + rank + "-" + ord + ".bin");
        }
        if (!entry.base) chunked += 1;
      }
      if (entry.base) {
        var voids = readVoids(r);
        var fixSize = r.varint();
        entry.fixes.push({ voids: voids, postings: bucket.subarray(r.pos, r.pos + fixSize) });
        r.pos += fixSize;
      }
      if (found) return entry;
    }
    return null;
  }

  // The night dictionary's entry of one term (search/format.py), or null: {df, voids, postings}.
  function findNightEntry(bucket, term) {
    var want = encoder.encode(term);
    var r = new Reader(bucket);
    while (r.pos < bucket.length) {
      var length = r.varint();
      var found = length === want.length && sameBytes(bucket, r.pos, want);
      r.pos += length;
      var entry = { df: r.varint(), voids: readVoids(r), postings: null };
      var size = r.varint();
      entry.postings = bucket.subarray(r.pos, r.pos + size);
      r.pos += size;
      if (found) return entry;
    }
    return null;
  }

  // A term's entry as the export has it now: the main one, corrected by its night entry.
  function withNight(main, night) {
    if (!night) return main;
    if (!night.df) return null;
    var entry = main || { df: 0, chunks: 0, inline: null, files: [], firsts: [], base: null, fixes: [] };
    entry.df = night.df;
    entry.fixes.push(night);
    return entry;
  }

  // The idf of a term in ``df`` of ``documents`` documents: search/scoring.py idf_value.
  var IDF_SCALE = 16;
  function idfOf(df, documents) {
    return Math.max(1, Math.round(IDF_SCALE * (Math.log(documents / (df + 1)) + 1)));
  }

  // Calls visit(ord, level) for every posting, by ascending ord: the count, the ord deltas, the levels.
  function decodePostings(bytes, visit) {
    if (!bytes.length) return;
    var r = new Reader(bytes);
    var count = r.varint();
    var ords = new Array(count);
    for (var i = 0, ord = 0; i < count; i++) ords[i] = (ord += r.varint());
    for (var j = 0; j < count; j++) visit(ords[j], bytes[r.pos + j]);
  }

  // Chunks of an entry holding any of the sorted ords, or any ord in [lo, hi) when ords is null.
  function chunksFor(entry, lo, hi, ords) {
    var wanted = [];
    for (var i = 0, j = 0; i < entry.chunks; i++) {
      var start = entry.firsts[i];
      var end = i + 1 < entry.chunks ? entry.firsts[i + 1] : Infinity;
      if (ords === null) {
        if (start < hi && end > lo) wanted.push(i);
        continue;
      }
      while (j < ords.length && ords[j] < start) j++;
      if (j < ords.length && ords[j] < end) wanted.push(i);
    }
    return wanted;
  }

  // Map slot → score, best first; equal scores in the canonical order (scope.rank).
  function byScore(scores, scope) {
    return Array.from(scores.keys()).sort(function (a, b) {
      return scores.get(b) - scores.get(a) || scope.rank(a) - scope.rank(b);
    });
  }

  // Where a query looks and how its hits rank: the slots [lo, hi) of the section asked for (all of
  // them without one) and the moved slots of that section; a slot's rank is its number, but for a
  // moved slot, which ranks just before the in-order slot the manifest names (search/format.py).
  function Scope(m, section) {
    var moved = new Map();
    var before = new Map(); // in-order slot → how many moved slots rank just before it
    m.moved.forEach(function (e) { before.set(e[1], (before.get(e[1]) || 0) + 1); });
    var seen = new Map();
    m.moved.forEach(function (e) {
      var j = seen.get(e[1]) || 0;
      seen.set(e[1], j + 1);
      moved.set(e[0], { rank: e[1] - 1 + (j + 1) / (before.get(e[1]) + 1), section: e[2] });
    });
    var index = section ? m.sectionNames.indexOf(section) : -1;
    this.lo = 0;
    this.hi = m.slots;
    this.moved = moved;
    this.index = index;
    if (index < 0) return;
    var lo = Infinity;
    var hi = -Infinity;
    m.sections.forEach(function (s) {
      if (s[0] === section) { lo = s[1]; hi = s[1] + s[2]; }
    });
    this.rangeLo = lo;
    this.rangeHi = hi;
    moved.forEach(function (info, slot) {
      if (info.section === index) { lo = Math.min(lo, slot); hi = Math.max(hi, slot + 1); }
    });
    this.lo = lo === Infinity ? 0 : lo;
    this.hi = hi === -Infinity ? 0 : hi;
  }

  Scope.prototype.inside = function (slot) {
    if (slot < this.lo || slot >= this.hi) return false;
    if (this.index < 0) return true;
    var info = this.moved.get(slot);
    return info ? info.section === this.index : slot >= this.rangeLo && slot < this.rangeHi;
  };

  Scope.prototype.rank = function (slot) {
    var info = this.moved.get(slot);
    return info ? info.rank : slot;
  };

  /* ---- static engine: loader(path) returns a Promise of the file's bytes (an ArrayBuffer) ---- */

  var decoder = new TextDecoder();

  function gunzip(buffer) {
    var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  // inflate (optional): ArrayBuffer of gzip → Promise of ArrayBuffer; the browser's own by default.
  function Engine(loader, inflate) {
    this.loader = loader;
    this.inflate = inflate || gunzip;
    this.files = new Map();
  }

  // Every file but the manifest is gzipped by the exporter; "json" files hold JSON.
  Engine.prototype.file = function (path, kind) {
    if (!this.files.has(path)) {
      var bytes = this.loader(path);
      if (path !== "manifest.json") bytes = bytes.then(this.inflate);
      this.files.set(path, bytes.then(function (buffer) {
        return kind === "json" ? JSON.parse(decoder.decode(buffer)) : buffer;
      }));
    }
    return this.files.get(path);
  };

  Engine.prototype.manifest = function () {
    return this.file("manifest.json", "json");
  };

  Engine.prototype.entry = function (term) {
    var self = this;
    var bytes = encoder.encode(term);
    return this.manifest().then(function (m) {
      var bucket = crc32(bytes) % m.buckets;
      var main = self.file("t/" + bucket + ".bin", "bytes").then(function (data) {
        return findEntry(new Uint8Array(data), term, bucket, m.buckets);
      });
      var nightBucket = m.nightBuckets ? crc32(bytes) % m.nightBuckets : -1;
      var night = nightBucket < 0 ? null : self.file("n/" + nightBucket + ".bin", "bytes").then(function (data) {
        return findNightEntry(new Uint8Array(data), term);
      });
      return Promise.all([main, night]).then(function (found) {
        var entry = withNight(found[0], found[1]);
        if (entry) entry.idf = idfOf(entry.df, m.documents);
        return entry;
      });
    });
  };

  // Postings of an entry in the chunks given (all of them for an inline entry), by ascending ord;
  // with corrections (``fixes``: of a base term, then of the night), the postings but each one's
  // voids, plus its own.
  Engine.prototype.postings = function (entry, chunks, visit) {
    var self = this;
    var files = entry.inline || !entry.chunks ? Promise.resolve([entry.inline]) : Promise.all(chunks.map(function (i) {
      return self.file(entry.files[i], "bytes").then(function (bytes) { return new Uint8Array(bytes); });
    }));
    return files.then(function (parts) {
      if (!entry.fixes.length) {
        parts.forEach(function (bytes) { if (bytes) decodePostings(bytes, visit); });
        return;
      }
      var levels = new Map();
      var put = function (ord, level) { levels.set(ord, level); };
      parts.forEach(function (bytes) { if (bytes) decodePostings(bytes, put); });
      entry.fixes.forEach(function (fix) {
        fix.voids.forEach(function (ord) { levels.delete(ord); });
        decodePostings(fix.postings, put);
      });
      Array.from(levels.keys()).sort(function (a, b) { return a - b; }).forEach(function (ord) {
        visit(ord, levels.get(ord));
      });
    });
  };

  Engine.prototype.exactHits = function (key, scope) {
    var self = this;
    return this.entry(EXACT_PREFIX + key).then(function (entry) {
      if (!entry) return null;
      var kinds = new Map();
      return self.postings(entry, chunksFor(entry, scope.lo, scope.hi, null), function (ord, kind) {
        if (scope.inside(ord)) kinds.set(ord, kind);
      }).then(function () { return kinds.size ? byScore(kinds, scope) : null; });
    });
  };

  var FEW_CANDIDATES = 8; // then every remaining term is fetched at once: a chunk or so each

  // AND of the terms → Map of ord → score, the sum of idf × level (integers). Terms are read rarest
  // first, and chunks only where candidates remain, so common terms cost little; the result
  // does not depend on that order. Typed arrays over the ord range keep 100,000 documents fast.
  Engine.prototype.termScores = function (texts, scope, levels) {
    var self = this;
    var lo = scope.lo;
    var hi = scope.hi;
    return Promise.all(texts.map(function (t) { return self.entry(t); })).then(function (entries) {
      if (!entries.length || entries.indexOf(null) >= 0) return new Map();
      var order = entries.map(function (e, i) { return i; }).sort(function (a, b) {
        return entries[a].df - entries[b].df || (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : 0);
      });
      var score = new Float64Array(hi - lo); // sums of integers: exact
      var matched = new Uint8Array(hi - lo); // how many terms each document has so far
      var candidates = null; // ascending ords having every term read so far
      var done = 0;
      function read(i) { // → [ord, level, ord, level, …] of the chunks that can matter
        var entry = entries[i];
        var postings = [];
        return self.postings(entry, chunksFor(entry, lo, hi, candidates), function (ord, level) {
          postings.push(ord, level);
        }).then(function () { return postings; });
      }
      function add(postings, i) {
        var idf = entries[i].idf;
        for (var p = 0; p < postings.length; p += 2) {
          var at = postings[p] - lo;
          if (at < 0 || at >= hi - lo || matched[at] !== done || !scope.inside(postings[p])) continue;
          matched[at] = done + 1;
          score[at] += idf * levels[postings[p + 1]];
          if (done === 0) candidates.push(postings[p]);
        }
        done += 1;
        candidates = candidates.filter(function (ord) { return matched[ord - lo] === done; });
      }
      function step(k) {
        if (k >= order.length || (candidates && !candidates.length)) return Promise.resolve();
        var entry = entries[order[k]];
        if (!candidates || candidates.length > FEW_CANDIDATES || entry.inline) {
          return read(order[k]).then(function (postings) {
            if (!candidates) candidates = [];
            add(postings, order[k]);
            return step(k + 1);
          });
        }
        var rest = order.slice(k);
        return Promise.all(rest.map(read)).then(function (all) {
          all.forEach(function (postings, j) { add(postings, rest[j]); });
        });
      }
      return step(0).then(function () {
        var scores = new Map();
        (candidates || []).forEach(function (ord) { scores.set(ord, score[ord - lo]); });
        return scores;
      });
    });
  };

  // The records matching any reading, each with its best reading's score; best first, ties by ord.
  Engine.prototype.termHits = function (ways, scope, levels) {
    var self = this;
    return Promise.all(ways.map(function (reading) { return self.termScores(reading, scope, levels); }))
      .then(function (maps) {
        var best = new Map();
        maps.forEach(function (scores) {
          scores.forEach(function (s, ord) { if (!(best.get(ord) >= s)) best.set(ord, s); });
        });
        return byScore(best, scope);
      });
  };

  // A hit as the page in ``lang`` shows it: a record's English title and snippet on the English page.
  Engine.prototype.hit = function (m, ord, marks, lang) {
    return this.file("d/" + Math.floor(ord / m.docShard) + ".bin", "json").then(function (rows) {
      var row = rows[ord % m.docShard];
      var english = lang === "en" && row.length > 5;
      return { url: row[0], section: m.sectionNames[row[1]], title: english ? row[5] || row[2] : row[2],
        date: row[3], snippet: snippet(english ? row[6] : row[4], marks), lang: english ? "en" : "zh" };
    });
  };

  // {query, section, total, hits}: the shape of search.query.Results.as_json().
  Engine.prototype.search = function (query, section, limit, offset, lang) {
    var self = this;
    var terms = queryTerms(query);
    var ways = readings(terms);
    var empty = { query: query, section: section || "", total: 0, hits: [] };
    if (!ways.length) return Promise.resolve(empty);
    return this.manifest().then(function (m) {
      if (m.sectionNames.indexOf(section) < 0) section = "";
      var scope = new Scope(m, section);
      if (scope.lo >= scope.hi) return empty;
      var exact = terms.exact ? self.exactHits(terms.exact, scope) : Promise.resolve(null);
      return exact.then(function (ranked) {
        return ranked || self.termHits(ways, scope, m.levels);
      }).then(function (ranked) {
        var from = Math.max(0, offset || 0);
        var page = ranked.slice(from, from + Math.max(0, limit === undefined ? 10 : limit));
        return Promise.all(page.map(function (ord) { return self.hit(m, ord, terms.marks, lang || "zh"); }))
          .then(function (hits) {
            return { query: query, section: section || "", total: ranked.length, hits: hits };
          });
      });
    });
  };

  /* ---- snippets: search/snippet.py ---- */

  var WINDOW = 100;
  var LEAD = 24;
  var ELLIPSIS = "\u2026";
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };

  function escape(chars) {
    return chars.map(function (c) { return ESCAPES[c] || c; }).join("");
  }

  function matchSpans(chars, marks) {
    var norm = "";
    var origin = [];
    chars.forEach(function (ch, i) {
      for (var c of normaliseChar(ch)) {
        if (c === " " || c === "\n") continue;
        norm += c;
        for (var u = 0; u < c.length; u++) origin.push(i); // one entry per UTF-16 unit
      }
    });
    var spans = [];
    marks.forEach(function (mark) {
      var pos = mark ? norm.indexOf(mark) : -1;
      while (pos >= 0) {
        spans.push([origin[pos], origin[pos + mark.length - 1] + 1]);
        pos = norm.indexOf(mark, pos + mark.length);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  }

  function snippet(text, marks) {
    var chars = Array.from(text);
    var spans = matchSpans(chars, marks);
    var first = spans.length ? spans[0][0] : 0;
    var end = Math.min(chars.length, Math.max(first - LEAD, 0) + WINDOW);
    var start = spans.length ? Math.max(0, end - WINDOW) : 0;
    var out = start > 0 ? ELLIPSIS : "";
    var pos = start;
    spans.forEach(function (s) {
      var a = Math.max(s[0], pos);
      var b = Math.min(s[1], end);
      if (a < b) {
        out += escape(chars.slice(pos, a)) + "<mark>" + escape(chars.slice(a, b)) + "</mark>";
        pos = b;
      }
    });
    out += escape(chars.slice(pos, end));
    return end < chars.length ? out + ELLIPSIS : out;
  }

  var api = {
    normalise: normalise, indexTokens: indexTokens, unigramTokens: unigramTokens,
    exactKey: exactKey, queryTerms: queryTerms, readings: readings, crc32: crc32, snippet: snippet, Engine: Engine,
    format: { findEntry: findEntry, findNightEntry: findNightEntry, decodePostings: decodePostings, idfOf: idfOf, Scope: Scope, byScore: byScore },
    tables: { PASS_RANGES: PASS_RANGES, ALNUM_RANGES: ALNUM_RANGES, CJK_RANGES: CJK_RANGES,
      WHITESPACE: WHITESPACE, ALNUM_GRAM: ALNUM_GRAM, MAX_QUERY_TERMS: MAX_QUERY_TERMS,
      EXACT_MIN_CHARS: EXACT_MIN_CHARS }
  };

  if (typeof module !== "undefined" && module.exports) {
    latin = require("./search-latin.js")(core);
    Object.assign(api, latin, { tables: Object.assign(api.tables, latin.tables) });
    module.exports = api;
    return;
  }

  var latinUrl = document.currentScript ? document.currentScript.src.replace(/search\.js(\?.*)?$/, "search-latin.js") : "";
  var latinLoading = null;

  // Loads search-latin.js (once) when ``query`` needs it; a Promise either way.
  function latinFor(query) {
    if (latin || !LATIN_LETTER.test(normalise(query))) return Promise.resolve();
    if (!latinLoading) {
      latinLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = latinUrl;
        script.onload = function () { latin = global.ipcreditSearchLatin(core); resolve(); };
        script.onerror = function () { latinLoading = null; reject(new Error("search-latin.js")); };
        document.head.appendChild(script);
      });
    }
    return latinLoading;
  }

  /* ---- the /search/ page ---- */

  var UNESCAPES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'" };

  // Builds the snippet from text nodes and <mark> elements: never parses other HTML.
  function renderSnippet(parent, html) {
    var inMark = false;
    html.split(/(<mark>|<\/mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") { inMark = piece === "<mark>"; return; }
      var text = piece.replace(/&(amp|lt|gt|quot|#39);/g, function (e) { return UNESCAPES[e]; });
      if (!text) return;
      var node = document.createTextNode(text);
      if (inMark) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        node = mark;
      }
      parent.appendChild(node);
    });
  }

  /* A date as each language writes it: 2026年4月24日 / 24 April 2026 (ISO stays in datetime). */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function formatDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso;
    var y = +m[1], mo = +m[2], d = +m[3];
    return lang === "en" ? d + " " + MONTHS[mo - 1] + " " + y : y + "年" + mo + "月" + d + "日";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function Page(form, results) {
    this.form = form;
    this.input = form.querySelector("#search-q");
    this.select = form.querySelector("#search-section");
    this.results = results;
    this.data = results.dataset;
    this.root = this.data.root || "/";
    this.lang = this.data.lang === "en" ? "en" : "zh";
    this.pageSize = 10;
    this.request = 0;
    if (this.data.index) {
      var base = this.data.index.replace(/\/?$/, "/");
      var version = "";
      var engine = this.engine = new Engine(function (path) {
        var manifest = path === "manifest.json";
        var url = base + path + (manifest ? "" : "?v=" + version);
        return fetch(url, manifest ? { cache: "no-cache" } : {}).then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + url);
          return response.arrayBuffer();
        });
      });
      // Shard URLs carry the export's version, so a new build is never mixed with cached files.
      engine.manifest = function () {
        return Engine.prototype.manifest.call(engine).then(function (m) {
          version = m.version;
          return m;
        });
      };
    }
    // The count is announced by a status line, not by re-reading the whole list.
    results.setAttribute("aria-live", "off");
    this.status = el("p", "search-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.list = el("ol", "search-hits");
    this.more = el("button", "search-more", this.data.i18nMore || "More");
    this.more.type = "button";
    this.more.hidden = true;
    results.replaceChildren(this.status, this.list, this.more);
  }

  // A message from the page; with a count, in the plural form the page language's rules pick
  // (the page gives each form, made by the message catalogue's ngettext: "1 result", "2 results").
  Page.prototype.message = function (key, count) {
    var text = this.data[key];
    if (text === undefined) {
      var form = new Intl.PluralRules(this.data.lang === "en" ? "en" : "zh").select(count);
      text = this.data[key + form.charAt(0).toUpperCase() + form.slice(1)] || this.data[key + "Other"] || "";
    }
    return text.replace("{count}", String(count));
  };

  Page.prototype.sectionLabel = function (section) {
    var key = "i18nSection" + section.replace(/(^|-)([a-z])/g, function (m, dash, c) { return c.toUpperCase(); });
    return this.data[key] || section;
  };

  Page.prototype.fetchPage = function (query, section, offset) {
    var self = this;
    if (this.engine) {
      return latinFor(query).then(function () {
        return self.engine.search(query, section, self.pageSize, offset, self.lang);
      });
    }
    var url = this.data.api + "?" + new URLSearchParams({
      q: query, section: section, limit: String(this.pageSize), offset: String(offset), lang: this.lang
    });
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return response.json();
    });
  };

  Page.prototype.run = function (append) {
    var self = this;
    var query = this.input.value.trim();
    var section = this.select ? this.select.value : "";
    var request = ++this.request;
    if (!append) {
      this.list.replaceChildren();
      this.more.hidden = true;
      if (!query) { this.status.textContent = ""; return Promise.resolve(); }
    }
    this.status.textContent = this.message("i18nLoading", 0);
    return this.fetchPage(query, section, append ? this.list.children.length : 0).then(function (result) {
      if (request !== self.request) return;
      self.render(result, append);
    }, function () {
      if (request === self.request) self.status.textContent = self.message("i18nError", 0);
    });
  };

  Page.prototype.render = function (result, append) {
    var firstNew = null;
    var self = this;
    result.hits.forEach(function (hit) {
      var item = el("li", "search-hit");
      var heading = el("h2", "search-hit-title");
      var link = el("a", "", hit.title);
      var text = el("p", "search-hit-snippet");
      if (hit.lang !== self.lang) { // a record without English on the English page: its Chinese text
        link.lang = text.lang = hit.lang === "zh" ? "zh-CN" : "en";
      }
      link.href = self.root + hit.url;
      heading.appendChild(link);
      var meta = el("p", "search-hit-meta");
      meta.appendChild(el("span", "search-hit-section", self.sectionLabel(hit.section)));
      if (hit.date) {
        var time = el("time", "search-hit-date", formatDate(hit.date, self.data.lang));
        time.dateTime = hit.date;
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(time);
      }
      renderSnippet(text, hit.snippet);
      item.append(heading, meta, text);
      self.list.appendChild(item);
      if (!firstNew) firstNew = link;
    });
    this.status.textContent = result.total
      ? this.message("i18nResults", result.total)
      : this.message("i18nNoResults", 0);
    this.more.hidden = this.list.children.length >= result.total;
    if (append && firstNew) firstNew.focus();
  };

  Page.prototype.syncUrl = function () {
    var params = new URLSearchParams(global.location.search);
    var query = this.input.value.trim();
    var section = this.select ? this.select.value : "";
    if (query) params.set("q", query); else params.delete("q");
    if (section) params.set("section", section); else params.delete("section");
    var search = params.toString();
    global.history.replaceState(null, "", global.location.pathname + (search ? "?" + search : "") + global.location.hash);
  };

  Page.prototype.start = function () {
    var self = this;
    var params = new URLSearchParams(global.location.search);
    this.input.value = params.get("q") || "";
    if (this.select) this.select.value = params.get("section") || "";
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.syncUrl();
      self.run(false);
    });
    if (this.select) {
      this.select.addEventListener("change", function () {
        self.syncUrl();
        if (self.input.value.trim()) self.run(false);
      });
    }
    this.more.addEventListener("click", function () { self.run(true); });
    if (this.input.value.trim()) this.run(false);
  };

  function init() {
    var form = document.getElementById("search-form");
    var results = document.getElementById("search-results");
    if (!form || !results || !form.querySelector("#search-q")) return;
    if (!results.dataset.index && !results.dataset.api) return;
    new Page(form, results).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window !== "undefined" ? window : this);
