//! Serves the feeds it fetched. reqwest with its default features uses native-tls, which links the
//! system OpenSSL through openssl-sys.

use axum::{routing::get, Router};

async fn feeds() -> String {
    let body = reqwest::get("https://blog.rust-lang.org/feed.xml").await;
    body.map(|_| "fetched".to_string()).unwrap_or_else(|error| error.to_string())
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/feeds", get(feeds))
        .route("/healthz", get(|| async { "ok" }));
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".into());
    let listener = tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
