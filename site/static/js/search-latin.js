/* English words and pinyin for site search: search/tokenizer.py's word_tokens, stem and
 * pinyin_syllables, rule for rule. search.js loads this file only for a query with Latin
 * letters, so a Chinese query does not download it; under node it is required at once.
 */
(function (global) {
  "use strict";

  function make(core) { // core: what search.js shares (normalisation, n-grams, the ranges)
    var STOPWORDS = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
      "on", "or", "the", "to", "with"];
    var STEM_KEEP = ["ss", "us", "is"];
    var STEM_SUFFIXES = ["ied", "ered", "ering", "ing", "ion", "ive", "ement", "ment", "ed", "er", "ly", "e", "y"];
    var STEM_MIN = 3;
    var PINYIN_TABLE = "zh:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,ua,uai,uan,uang,ui,un,uo " +
      "ch:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,ua,uai,uan,uang,ui,un,uo " +
      "sh:a,ai,an,ang,ao,e,en,eng,i,ou,u,ua,uai,uan,uang,ui,un,uo " +
      "b:a,ai,an,ang,ao,ei,en,eng,i,ian,iao,ie,in,ing,o,u " +
      "p:a,ai,an,ang,ao,ei,en,eng,i,ian,iao,ie,in,ing,o,ou,u " +
      "m:a,ai,an,ang,ao,e,ei,en,eng,i,ian,iao,ie,in,ing,iu,o,ou,u " +
      "f:a,an,ang,ei,en,eng,iao,o,ou,u " +
      "d:a,ai,an,ang,ao,e,en,eng,i,ian,iao,ie,ing,iu,ong,ou,u,uan,ui,un,uo " +
      "t:a,ai,an,ang,ao,e,eng,i,ian,iao,ie,ing,ong,ou,u,uan,ui,un,uo " +
      "n:a,ai,an,ang,ao,e,ei,en,eng,i,ian,iang,iao,ie,in,ing,iu,ong,ou,u,uan,un,uo,v,ve " +
      "l:a,ai,an,ang,ao,e,ei,eng,i,ia,ian,iang,iao,ie,in,ing,iu,o,ong,ou,u,uan,un,uo,v,ve " +
      "g:a,ai,an,ang,ao,e,ei,en,eng,ong,ou,u,ua,uai,uan,uang,ui,un,uo " +
      "k:a,ai,an,ang,ao,e,en,eng,ong,ou,u,ua,uai,uan,uang,ui,un,uo " +
      "h:a,ai,an,ang,ao,e,ei,en,eng,ong,ou,u,ua,uai,uan,uang,ui,un,uo " +
      "j:i,ia,ian,iang,iao,ie,in,ing,iong,iu,u,uan,ue,un " +
      "q:i,ia,ian,iang,iao,ie,in,ing,iong,iu,u,uan,ue,un " +
      "x:i,ia,ian,iang,iao,ie,in,ing,iong,iu,u,uan,ue,un " +
      "r:an,ang,ao,e,en,eng,i,ong,ou,u,ua,uan,ui,un,uo " +
      "z:a,ai,an,ang,ao,e,ei,en,eng,i,ong,ou,u,uan,ui,un,uo " +
      "c:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,uan,ui,un,uo " +
      "s:a,ai,an,ang,ao,e,en,eng,i,ong,ou,u,uan,ui,un,uo " +
      "y:a,an,ang,ao,e,i,in,ing,o,ong,ou,u,uan,ue,un " +
      "w:a,ai,an,ang,ei,en,eng,o,u " +
      ":a,ai,an,ang,ao,e,ei,en,eng,er,o,ou";
    var PINYIN_SYLLABLES = new Set();
    PINYIN_TABLE.split(" ").forEach(function (group) {
      var parts = group.split(":");
      parts[1].split(",").forEach(function (f) { PINYIN_SYLLABLES.add(parts[0] + f); });
    });
    var LONGEST_SYLLABLE = 6;

    var WORD_OR_CJK = new RegExp("([" + core.classPattern(core.ALNUM_RANGES) + "]+)|([" +
      core.classPattern(core.CJK_RANGES) + "]+)", "gu");
    var LETTERS = /^[a-z]+$/;

    function fold(word) {
      return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }

    function stem(word) {
      if (!LETTERS.test(word)) return word;
      if (word.endsWith("ies") && word.length - 3 >= STEM_MIN) word = word.slice(0, -3) + "y";
      else if (word.endsWith("s") && !STEM_KEEP.some(function (k) { return word.endsWith(k); }) &&
        word.length - 1 >= STEM_MIN) word = word.slice(0, -1);
      for (var i = 0; i < STEM_SUFFIXES.length; i++) {
        var suffix = STEM_SUFFIXES[i];
        if (word.endsWith(suffix) && word.length - suffix.length >= STEM_MIN) return word.slice(0, -suffix.length);
      }
      return word;
    }

    function wordTokens(text) {
      var source = "";
      for (var ch of text) source += core.normaliseChar(ch) || " "; // dropped characters part words
      var tokens = [];
      var match;
      WORD_OR_CJK.lastIndex = 0;
      while ((match = WORD_OR_CJK.exec(source)) !== null) {
        if (match[2]) { core.pushGrams(tokens, Array.from(match[2]), 2); continue; }
        var word = fold(match[1]);
        if (core.charCount(word) > 1 && STOPWORDS.indexOf(word) < 0) tokens.push(stem(word));
      }
      return tokens;
    }

    function pinyinSyllables(letters) { // the fewest syllables, the longest first where that ties; or null
      var size = letters.length;
      var fewest = [];
      fewest[size] = 0;
      for (var i = size - 1; i >= 0; i--) {
        fewest[i] = null;
        for (var j = i + 1; j <= Math.min(size, i + LONGEST_SYLLABLE); j++) {
          if (fewest[j] !== null && PINYIN_SYLLABLES.has(letters.slice(i, j)) &&
            (fewest[i] === null || fewest[j] + 1 < fewest[i])) fewest[i] = fewest[j] + 1;
        }
      }
      if (fewest[0] === null) return null;
      var syllables = [];
      for (var at = 0; at < size;) {
        var end = Math.min(size, at + LONGEST_SYLLABLE);
        while (!(PINYIN_SYLLABLES.has(letters.slice(at, end)) && fewest[end] === fewest[at] - 1)) end--;
        syllables.push(letters.slice(at, end));
        at = end;
      }
      return syllables;
    }

    function pinyinQuery(parts) {
      var syllables = [];
      for (var i = 0; i < parts.length; i++) {
        var part = parts[i].replace(/ü/g, "v");
        var cut = LETTERS.test(part) ? pinyinSyllables(part) : null;
        if (cut === null) return [];
        syllables = syllables.concat(cut);
      }
      var pairs = [];
      for (var k = 0; k + 1 < syllables.length; k++) pairs.push(syllables[k] + syllables[k + 1]);
      return pairs;
    }

    return {
      wordTokens: wordTokens, stem: stem, pinyinSyllables: pinyinSyllables, pinyinQuery: pinyinQuery,
      tables: { STOPWORDS: STOPWORDS.slice().sort(), STEM_KEEP: STEM_KEEP, STEM_SUFFIXES: STEM_SUFFIXES,
        STEM_MIN: STEM_MIN, PINYIN_TABLE: PINYIN_TABLE, LONGEST_SYLLABLE: LONGEST_SYLLABLE }
    };
  }

  if (typeof module !== "undefined" && module.exports) module.exports = make;
  else global.ipcreditSearchLatin = make;
})(typeof window !== "undefined" ? window : this);
