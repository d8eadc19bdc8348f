//! Hazards in the PDF: layouts, fonts and typst runs that once broke the tool.
