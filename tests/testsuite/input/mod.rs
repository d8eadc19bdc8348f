//! Reading the input: report.yaml, the replies and the templates, every
//! rule of the input contract with the message (file, line, column) a user
//! sees, and a filled questionnaire read back as a reply.

mod bad_input;
mod diagnostics;
mod questionnaire;
mod template_errors;
