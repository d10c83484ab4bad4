/*
 * The explainer's search worker: Material for MkDocs' search box talks to it with Material's
 * worker messages (SETUP -> READY, QUERY -> RESULT), and it answers from the sharded index that
 * the build writes under search/ (see hooks/explainer/outputs/search.py for the file formats);
 * each edition has its own, named after "#" in the worker's address ("#ko/search/"). A query
 * fetches the manifest once, the shard of each of its words, and the chunks holding the texts of
 * the best results: never the whole index.
 *
 * A query forgives: a word finds its other forms (the Snowball stemmer of the edition's language,
 * stemmers/<name>.js, stems the query's words and the words of the shards fetched for them:
 * "extradited" finds "extradition"), and a word of five letters or more that finds nothing at all
 * finds the words one slip of the keyboard away in the same shards ("Marinecsu": "Marinescu").
 * A record whose own name the query is comes before the pages that mention it.
 *
 * Results go into the page as HTML (Material inserts them with innerHTML), so every text from
 * the index is escaped here and only <mark> is added.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const RESULTS = 20            // results shown; each needs its chunk of texts
const MIN_PREFIX = 3          // shorter words match whole words only...
const MIN_PREFIX_SYLLABLES = 2 // ...but two Hangul syllables are a word: 북송 finds 북송했다
const WEIGHT = [12, 1, 4, 10] // by field: own name, text, names and tags, title
/* Another form of the word counts in a headline or heading, which are prose, but in a name only
   as text: a name is matched as written ("executed" does not name an Executive Commission). */
const FORM_WEIGHT = [1, 1, 1, 10]
/* How much a word counts by how it matches the query's word: the same word, another form of it
   (the same stem), a longer word it begins, a word one typing slip away. */
const SAME = 1, FORM = 0.7, LONGER = 0.5, SLIP = 0.3
const MIN_SLIP = 5            // words shorter than this are too short to guess at
const MIN_FORM_ROOT = 4       // a stem shorter than this finds its forms in the word's own shards
const HANGUL = /\p{Script=Hangul}/u
/* Particles and endings a query word in Hangul may carry: 중국은 searches for words beginning 중국,
   so it finds 중국의 too. Longest first; what is left must be a word of two syllables or more. */
const HANGUL_ENDINGS = ["에서는", "으로는", "에게서", "했다", "됐다", "되었다", "하다", "에서", "에게", "으로",
  "까지", "부터", "이다", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"]

/* The edition's index, under the site root: the address's "#" part, or the default edition's. */
const indexPath = /^#([a-z0-9-]+\/)*search\/$/i.test(self.location.hash) ? self.location.hash.slice(1) : "search/"
const root = new URL(`../../${indexPath}`, self.location)
const cache = new Map()
let manifest = null
let shardKeys = null
let stemmer = null
const stems = new Map()
let latest = 0

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, root)).then(response => {
      if (!response.ok)
        throw new Error(`search index file ${path}: HTTP ${response.status}`)
      return response.json()
    }))
  }
  return cache.get(path)
}

/* The same words as search.py's tokens(): lower case, accents dropped, letters and digits. */
function tokens(text) {
  const folded = text.toLowerCase().normalize("NFKD").replace(/\p{M}+/gu, "").normalize("NFC")
  return folded.match(/[\p{L}\p{N}]+/gu) || []
}

function shardFile(key) {
  return /^[a-z0-9]+$/.test(key)
    ? key
    : "_" + [...key].map(c => c.codePointAt(0).toString(16)).join("-")
}

/* The shards that can hold `term` (and, for a prefix, the words it begins). */
function shardsFor(term, prefix) {
  const found = []
  const chars = [...term]
  for (let n = Math.min(chars.length, 64); n > 0; n--) {
    const key = chars.slice(0, n).join("")
    if (shardKeys.has(key)) {
      found.push(key)
      break
    }
  }
  if (prefix)
    for (const key of manifest.shards)
      if (key.length > term.length && key.startsWith(term))
        found.push(key)
  return found
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* Whether a query word also matches longer words that begin with it. */
function isPrefix(term) {
  return term.length >= MIN_PREFIX || (HANGUL.test(term) && [...term].length >= MIN_PREFIX_SYLLABLES)
}

/* A Hangul query word without the particle or ending it carries, when what is left is a word. */
function stem(term) {
  if (!HANGUL.test(term))
    return term
  const chars = [...term]
  for (const ending of HANGUL_ENDINGS)
    if (term.endsWith(ending) && chars.length - [...ending].length >= MIN_PREFIX_SYLLABLES)
      return chars.slice(0, chars.length - [...ending].length).join("")
  return term
}

function matches(word, terms) {
  return terms.some(t => isPrefix(t) ? word.startsWith(t) : word === t)
}

/* The edition's Snowball stemmer, as the manifest names it, beside this script. */
function loadStemmer(name) {
  if (!name || !/^[a-z]+$/.test(name))
    return null
  try {
    importScripts("stemmers/base.js", `stemmers/${name}.js`)
    return self.snowballStemmers[name]
  } catch (err) {
    console.warn(`search: no ${name} stemmer: ${err}`)
    return null
  }
}

/* A word's stem in the edition's language, or null where there is no stemmer for it. */
function wordStem(word) {
  if (!stemmer || HANGUL.test(word))
    return null
  if (!stems.has(word))
    stems.set(word, stemmer.stemWord(word))
  return stems.get(word)
}

/* What every other form of a word begins with: its stem, less the letter a stemmer may change
   at its end (happy: happi-). */
function formRoot(term, stemmed) {
  let n = 0
  while (n < stemmed.length - 1 && term[n] === stemmed[n]) n++
  return term.slice(0, n)
}

/* Whether two words are one typing slip apart: a letter added, dropped, changed, or two
   neighbours swapped (optimal string alignment distance 1). */
function oneSlip(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1)
    return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (a.length === b.length)
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

/* Escaped text with every word that a query term matches in <mark>: as it is, or as one of the
   index's words the query found (another form, a slip of the keyboard). */
function highlight(text, terms, hits) {
  let html = ""
  let last = 0
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const [word] = tokens(match[0])
    if (word && (hits.has(word) || matches(word, terms))) {
      html += escapeHTML(text.slice(last, match.index))
      html += `<mark>${escapeHTML(match[0])}</mark>`
      last = match.index + match[0].length
    }
  }
  return html + escapeHTML(text.slice(last))
}

/* Documents holding each term: Map(document -> [best weight, terms matched]); and the words of
   the index that matched, for the highlighting. */
async function score(terms) {
  const found = new Map()
  const hits = new Set()
  const total = manifest.documents
  await Promise.all(terms.map(async (term, bit) => {
    const prefix = isPrefix(term)
    const stemmed = wordStem(term)
    const root = stemmed === null ? "" : formRoot(term, stemmed)
    const keys = new Set(shardsFor(term, prefix))
    if (root.length >= MIN_FORM_ROOT)
      for (const key of shardsFor(root, true))
        keys.add(key)
    const shards = await Promise.all([...keys].map(key => load(`terms/${shardFile(key)}.json`)))
    const best = new Map()
    const slips = []
    const add = (word, postings, how) => {
      hits.add(word)
      const idf = Math.log(1 + total / postings.length)
      const fields = how === FORM ? FORM_WEIGHT : WEIGHT
      let doc = 0
      for (const value of postings) {
        doc += value >> 2
        const weight = fields[value & 3] * idf * how
        if (!(best.get(doc) >= weight))
          best.set(doc, weight)
      }
    }
    for (const shard of shards)
      for (const [word, postings] of Object.entries(shard)) {
        if (word === term)
          add(word, postings, SAME)
        else if (stemmed !== null && word.startsWith(root) && wordStem(word) === stemmed)
          add(word, postings, FORM)
        else if (prefix && word.startsWith(term))
          add(word, postings, LONGER)
        else if ([...term].length >= MIN_SLIP && oneSlip(word, term))
          slips.push([word, postings])
      }
    /* A slip of the keyboard is a guess: only for a word that finds nothing as it is. */
    if (!best.size)
      for (const [word, postings] of slips)
        add(word, postings, SLIP)
    for (const [doc, weight] of best) {
      const entry = found.get(doc) || [0, 0]
      entry[0] += weight
      entry[1] |= 1 << bit
      found.set(doc, entry)
    }
  }))
  return { found, hits }
}

function bits(n) {
  let count = 0
  for (; n; n &= n - 1) count++
  return count
}

async function documents(numbers) {
  const chunks = await Promise.all(numbers.map(n => load(`docs/${Math.floor(n / manifest.chunk)}.json`)))
  return numbers.map((n, i) => {
    const [location, title, text, tag, page, names = []] = chunks[i][n % manifest.chunk]
    return { number: n, location, title, text, tag, page, names }
  })
}

async function search(query) {
  if (!manifest) {
    manifest = await load("manifest.json")
    shardKeys = new Set(manifest.shards)
    stemmer = loadStemmer(manifest.stemmer)
  }
  const stop = new Set(manifest.stopwords)
  const words = tokens(query)
  const terms = [...new Set(words.map(stem))].filter(t => !stop.has(t)).slice(0, 30)
  if (!terms.length)
    return { items: [] }

  /* Rank by the number of terms matched, then by weight; then look at the best few. */
  const { found, hits } = await score(terms)
  const ranked = [...found].sort((a, b) => bits(b[1][1]) - bits(a[1][1]) || b[1][0] - a[1][0] || a[0] - b[0])
  const top = ranked.slice(0, RESULTS)
  const docs = await documents(top.map(([n]) => n))
  const items = docs.map((doc, i) => {
    const [weight, matched] = top[i][1]
    return {
      doc,
      item: {
        location: doc.location,
        title: highlight(doc.title, terms, hits),
        text: highlight(doc.text, terms, hits),
        tags: doc.tag ? [escapeHTML(doc.tag)] : undefined,
        score: bits(matched) * 1e6 + weight * aboutness(doc, words, hits, stop),
        terms: Object.fromEntries(terms.map((t, bit) => [t, !!(matched & (1 << bit))]))
      }
    }
  }).sort((a, b) => b.item.score - a.item.score || (a.doc.page >= 0) - (b.doc.page >= 0) || a.doc.number - b.doc.number)

  /* Sections under their page, as Material shows them: the page first, unscored if unmatched. */
  const groups = new Map()
  for (const { doc, item } of items) {
    const page = doc.page >= 0 ? doc.page : doc.number
    if (!groups.has(page))
      groups.set(page, [])
    groups.get(page).push(item)
  }
  const shown = new Set(docs.map(doc => doc.number))
  const pages = await documents([...groups.keys()].filter(page => !shown.has(page)))
  for (const doc of pages)
    groups.get(doc.number).push({
      location: doc.location, title: escapeHTML(doc.title), text: "", score: 0, terms: {}
    })
  return {
    items: [...groups.values()],
    suggest: suggestion(words, terms, docs)
  }
}

/* How much a result is about what the query names: 3 when the query is its title or one of its
   names (word for word, in any form the query found), 2 when the query's words stand together
   in its title or text (a phrase from a quote, a full name), else 1; and up to twice that, by the
   share of its title's words that the query found. A short title that the query fills names the
   thing; a long headline that holds the query's words only mentions it. */
function aboutness(doc, words, hits, stop) {
  const meant = text => tokens(text).filter(word => !stop.has(word))
  const asked = words.filter(word => !stop.has(word))
  const title = meant(doc.title)
  const named = name => name.length === asked.length && name.every(word => hits.has(word) || asked.includes(word))
  let whole = 1
  if ([title, ...doc.names.map(meant)].some(named))
    whole = 3
  else if (asked.length > 1 && meant(`${doc.title} ${doc.text}`).join(" ").includes(asked.join(" ")))
    whole = 2
  const covered = title.filter(word => hits.has(word)).length
  return whole * (1 + (title.length ? covered / title.length : 0))
}

/* The last word completed to the commonest longer word in the results' titles. */
function suggestion(words, terms, docs) {
  const last = words[words.length - 1]
  if (!last || !isPrefix(last))
    return []
  const counts = new Map()
  for (const doc of docs)
    for (const word of tokens(doc.title))
      if (word.startsWith(last) && word !== last)
        counts.set(word, (counts.get(word) || 0) + 1)
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  return best ? [...words.slice(0, -1), best[0]] : []
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      postMessage({ type: READY })
      break
    case QUERY: {
      const mine = ++latest
      let result
      try {
        result = await search(message.data)
      } catch (err) {
        console.warn(`search failed: ${err}`)
        result = { items: [] }
      }
      /* Answer only the newest query: the reader has typed on since an older one began. */
      if (mine === latest)
        postMessage({ type: RESULT, data: result })
      break
    }
  }
})
