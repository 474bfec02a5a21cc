"""Propose candidate figures from a source document's plain text, for a person to verify.

`extract_file(path, source_id)` reads a document and returns an `Extraction`: every number that
counts people becomes a `Candidate` (entity, metric, value with qualifier, or a derivation; the
quote; a locator; a confidence with its reason), and every number that does not is listed in
`skipped` with why. `extract.output` writes candidates as YAML shaped like `data/figures/*.yaml`
or as JSON; `returnees candidates` is the command. Nothing here writes to the dataset.

Modules: `text` (sentences and clauses), `numbers` (digits, words, shares, ranges, qualifiers),
`entities` (countries, demonyms, regions), `metrics` (the words of each metric), `parse` (the
spaCy pipeline), `grammar` (dependency patterns, as data), `reading` (the tree joined with
places and metric words), `tables` (tables rendered as text), `candidates` (the decisions),
`output`, `verify` (`returnees verify`), `evaluate` (recall and precision against the dataset
and texts of our own), `commands` (the two subcommands).
"""

from extract.candidates import Candidate, Extraction, extract_file, extract_text

__all__ = ["Candidate", "Extraction", "extract_file", "extract_text"]
