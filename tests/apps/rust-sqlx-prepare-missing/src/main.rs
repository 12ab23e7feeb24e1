//! The to-do API, before `cargo sqlx prepare`: without .sqlx/, the image cannot build its queries.

mod db;

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use sqlx::postgres::PgPoolOptions;

async fn todos(State(pool): State<sqlx::PgPool>) -> Result<Json<Vec<db::Todo>>, StatusCode> {
    db::open_todos(&pool).await.map(Json).map_err(|_| StatusCode::SERVICE_UNAVAILABLE)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect_lazy(&std::env::var("DATABASE_URL")?)?;
    sqlx::migrate!().run(&pool).await?;
    let app = Router::new()
        .route("/todos", get(todos))
        .route("/health", get(|| async { "ok" }))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
