//! Forwards /forecast to an upstream weather API over HTTPS (rustls: no system OpenSSL to link).

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use std::net::SocketAddr;

#[derive(Clone)]
struct Upstream {
    client: reqwest::Client,
    url: String,
}

async fn forecast(State(upstream): State<Upstream>) -> Result<Json<serde_json::Value>, StatusCode> {
    let response = upstream.client.get(&upstream.url).send().await.map_err(|_| StatusCode::BAD_GATEWAY)?;
    response.json().await.map(Json).map_err(|_| StatusCode::BAD_GATEWAY)
}

#[tokio::main]
async fn main() {
    let upstream = Upstream {
        client: reqwest::Client::new(),
        url: std::env::var("UPSTREAM_URL").unwrap_or_else(|_| "https://api.example.com/forecast".into()),
    };
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/forecast", get(forecast))
        .with_state(upstream);

    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], port))).await.unwrap();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await
        .unwrap();
}
