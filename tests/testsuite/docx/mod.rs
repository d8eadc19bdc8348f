//! The draft in Word (`build --docx`), and [`word`], the reader every Word
//! output's tests share.

mod build;
pub(crate) mod word;
