"""The one file-reading kit: every importer of the product reads its files through it.

One concern per module: ``source`` (what a file is), ``decoding`` (bytes to text, or a clear
refusal), ``delimiters`` (which character separates CSV cells), ``yaml_loader`` (YAML with line
numbers and without its traps), ``rows`` (CSV and XLSX rows with their numbers), ``problems``
(collecting what is wrong) and ``results`` (what an import did). Framework-free: no Django here.
"""
