"""Propose candidate figures from a source document's plain text, for a person to verify.

`extract_file(path, source_id)` reads a document and returns an `Extraction`: every number that
counts people becomes a `Candidate` (entity, metric, value with qualifier, or a derivation; the
quote; a locator; a confidence with its reason), and every number that does not is listed in
`skipped` with why. `extract.output` writes candidates as YAML shaped like `data/figures/*.yaml`
or as JSON; `returnees candidates` is the command. Nothing here writes to the dataset.

Modules. What is read: `text` (sentences and clauses), `numbers` (digits, words, shares,
ranges, qualifiers), `entities` (countries, demonyms, regions), `metrics` (the words of each
metric), `parse` (the spaCy pipeline), `grammar` (dependency patterns, as data), `reading` (the
tree joined with places and metric words). The decisions, stage by stage: `candidates` (the
entry and the order of the stages), `record` (what a candidate holds), `sentences` (which
numbers are counts; value and qualifier), `tables` (tables rendered as text), `attach` (the
words after a number), `whom` (its entity), `what` (its metric), `derived` (shares and
remainders), `neighbours` (the figures around it; repeats), `confidence` (set aside or to
check), `quote`. Then `output`, `verify` (`returnees verify`), `evaluate` (recall and precision
against the dataset and texts of our own), `commands` (the two subcommands).
"""

from extract.candidates import Candidate, Extraction, extract_file, extract_text

__all__ = ["Candidate", "Extraction", "extract_file", "extract_text"]
