/* Runs the real site/static/js/search.js under node, reading an export folder from disk.
 *
 *   node harness.js tokens <search.js>                  stdin: JSON list of strings
 *   node harness.js snippet <search.js>                 stdin: JSON list of [text, query]
 *   node harness.js english <search.js>                 stdin: JSON list of words, then of Latin strings
 *   node harness.js query  <search.js> <export dir>     stdin: JSON list of {q, section, limit, offset}
 *   node harness.js bench  <search.js> <export dir> <JSON list of queries>
 *   node harness.js format <search.js> <folder>         stdin: {buckets, nightBuckets, postings, rows, idf, scopes}
 *
 * Prints JSON on stdout. "query" runs each query on a fresh engine (an empty
 * browser cache) and reports the files it fetched; "bench" also times queries
 * with every file already in memory (the engine's own work, inflating included).
 */
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [mode, scriptPath, exportDir, extra] = process.argv.slice(2);
const search = require(path.resolve(scriptPath));

function readStdin() {
  return JSON.parse(fs.readFileSync(0, "utf8"));
}

function arrayBuffer(data) {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
}

function diskLoader(fetched) {
  return (file) => {
    fetched.push(file);
    return Promise.resolve(arrayBuffer(fs.readFileSync(path.join(exportDir, file))));
  };
}

async function runQueries(queries) {
  const out = [];
  for (const q of queries) {
    const fetched = [];
    const engine = new search.Engine(diskLoader(fetched));
    const result = await engine.search(q.q, q.section || "", q.limit || 10, q.offset || 0, q.lang || "zh");
    out.push({ ...result, files: fetched });
  }
  return out;
}

async function bench(queries) {
  const first = await runQueries(queries.map((q) => ({ q })));
  const memory = new Map();
  const memoryLoader = (file) => {
    if (!memory.has(file)) memory.set(file, fs.readFileSync(path.join(exportDir, file)));
    return Promise.resolve(arrayBuffer(memory.get(file)));
  };
  // node's DecompressionStream is far slower than a browser's (both inflate natively); time
  // the engine with node's zlib as the native inflater, and with DecompressionStream for reference.
  const zlibInflate = (buffer) => Promise.resolve(arrayBuffer(zlib.gunzipSync(Buffer.from(buffer))));
  const timing = {};
  for (const [name, inflate] of [["zlib", zlibInflate], ["streams", undefined]]) {
    const times = [];
    for (let round = 0; round < 6; round++) {
      for (const q of queries) {
        const engine = new search.Engine(memoryLoader, inflate);
        const started = process.hrtime.bigint();
        await engine.search(q, "", 10, 0);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (round > 0) times.push(ms); // round 0 warms the JIT and the file map
      }
    }
    times.sort((a, b) => a - b);
    timing[name] = { median_ms: times[Math.floor(times.length / 2)], max_ms: times[times.length - 1] };
  }
  return {
    queries: first.map((r) => ({ files: r.files, hits: r.hits.map((h) => h.url), total: r.total })),
    timing,
  };
}

// Decodes files search/format.py wrote, with search.js's own functions (tests/search/test_format.py).
async function decodeFiles(request) {
  const f = search.format;
  const engine = new search.Engine(diskLoader([]));
  const bytes = async (name) => new Uint8Array(await engine.file(name, "bytes"));
  const manifest = await engine.manifest();
  const buckets = [];
  for (const { number, terms } of request.buckets) {
    const data = await bytes("t/" + number + ".bin");
    buckets.push(terms.map((term) => {
      const entry = f.findEntry(data, term, number, manifest.buckets);
      if (!entry) return null;
      const postings = [];
      const fix = entry.base ? entry.fixes[0] : null; // a correction: its own postings and voids
      if (entry.inline) f.decodePostings(entry.inline, (slot, level) => postings.push([slot, level]));
      if (fix) f.decodePostings(fix.postings, (slot, level) => postings.push([slot, level]));
      const voids = fix ? Array.from(fix.voids) : [];
      return { df: entry.df, postings, files: entry.files, firsts: entry.firsts, base: entry.base, voids };
    }));
  }
  const nights = [];
  for (const { number, terms } of request.nightBuckets || []) {
    const data = await bytes("n/" + number + ".bin");
    nights.push(terms.map((term) => {
      const entry = f.findNightEntry(data, term);
      if (!entry) return null;
      const postings = [];
      f.decodePostings(entry.postings, (slot, level) => postings.push([slot, level]));
      return { df: entry.df, voids: Array.from(entry.voids), postings };
    }));
  }
  const postings = [];
  for (const name of request.postings) {
    const found = [];
    f.decodePostings(await bytes(name), (slot, level) => found.push([slot, level]));
    postings.push(found);
  }
  const rows = [];
  for (const name of request.rows) rows.push(await engine.file(name, "json"));
  const idf = request.idf.map(([df, documents]) => f.idfOf(df, documents));
  const scopes = request.scopes.map((section) => {
    const scope = new f.Scope(manifest, section);
    const slots = [];
    for (let slot = 0; slot < manifest.slots; slot++) if (scope.inside(slot)) slots.push(slot);
    const scores = new Map(slots.map((slot) => [slot, 1]));
    return f.byScore(scores, scope);
  });
  return { buckets, nights, postings, rows, idf, scopes };
}

async function main() {
  let out;
  if (mode === "tokens") {
    out = readStdin().map((text) => ({
      normalise: search.normalise(text),
      index: search.indexTokens(text),
      unigrams: search.unigramTokens(text),
      exact: search.exactKey(text),
      query: search.queryTerms(text),
      readings: search.readings(search.queryTerms(text)),
      words: search.wordTokens(text),
      snippet: search.snippet(text, search.queryTerms(text).marks),
      crc32: search.crc32(new TextEncoder().encode(text)),
    }));
    out = { results: out, tables: search.tables };
  } else if (mode === "english") {
    const [words, letters] = readStdin();
    out = { stems: words.map(search.stem), syllables: letters.map(search.pinyinSyllables) };
  } else if (mode === "snippet") {
    out = readStdin().map(([text, query]) => search.snippet(text, search.queryTerms(query).marks));
  } else if (mode === "query") {
    out = await runQueries(readStdin());
  } else if (mode === "format") {
    out = await decodeFiles(readStdin());
  } else if (mode === "bench") {
    out = await bench(JSON.parse(extra));
  } else {
    throw new Error("unknown mode " + mode);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
