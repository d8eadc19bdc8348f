use sgreport::pdf;

pub fn execute() -> u8 {
    println!("pinned typst version: {}", pdf::TYPST_VERSION);
    println!(
        "typst cache:          {}",
        pdf::cache_dir().join("typst").display()
    );
    let mut code = 0;
    match pdf::find_typst() {
        Ok(Some(t)) => println!(
            "typst:                {} ({}, found via {:?})",
            t.program.display(),
            t.version,
            t.source
        ),
        Ok(None) => {
            println!(
                "typst:                not found; the next build installs typst {} into the cache",
                pdf::TYPST_VERSION
            );
        }
        Err(e) => {
            println!("typst:                {e}");
            code = 2;
        }
    }
    let font = pdf::choose_font();
    if font.files.is_empty() {
        println!("body font:            {} (embedded in typst)", font.family);
    } else {
        println!("body font:            {}", font.family);
        for f in &font.files {
            println!("                      {}", f.display());
        }
    }
    code
}
