//! The queries, checked against the schema by sqlx's macros while compiling.

use serde::Serialize;
use sqlx::PgPool;

#[derive(Serialize)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    pub done: bool,
}

pub async fn open_todos(pool: &PgPool) -> sqlx::Result<Vec<Todo>> {
    sqlx::query_as!(Todo, "SELECT id, title, done FROM todos WHERE NOT done ORDER BY id")
        .fetch_all(pool)
        .await
}

pub async fn count(pool: &PgPool) -> sqlx::Result<i64> {
    let total = sqlx::query_scalar!("SELECT count(*) FROM todos").fetch_one(pool).await?;
    Ok(total.unwrap_or(0))
}
