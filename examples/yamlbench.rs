use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/tmp/ov/report.yaml").unwrap();
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        std::hint::black_box(v);
    }
    eprintln!("plain Value: {:?}/parse", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        let v =
            sgreport::submissions::ReportConfig::parse(std::path::Path::new("report.yaml"), &text)
                .unwrap();
        std::hint::black_box(v);
    }
    eprintln!("ReportConfig::parse: {:?}/parse", t.elapsed() / n);
    let t = Instant::now();
    let v = sgreport::submissions::ReportConfig::parse(std::path::Path::new("report.yaml"), &text)
        .unwrap();
    std::hint::black_box(v);
    eprintln!("first? {:?}", t.elapsed());
}
