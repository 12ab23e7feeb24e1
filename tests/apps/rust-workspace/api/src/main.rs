//! The orders API: hyper with a hand-written router, as in hyper's own examples.

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use tokio::net::TcpListener;

async fn route(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let response = match (req.method(), req.uri().path()) {
        (&Method::GET, "/healthz") => Response::new(Full::new(Bytes::from("ok"))),
        (&Method::GET, "/orders") => Response::new(Full::new(Bytes::from(orders::list_json()))),
        _ => {
            let mut missing = Response::new(Full::new(Bytes::new()));
            *missing.status_mut() = StatusCode::NOT_FOUND;
            missing
        }
    };
    Ok(response)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let port: u16 = match std::env::var("PORT") {
        Ok(value) => value.parse()?,
        Err(_) => 8000,
    };
    let listener = TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], port))).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(route)).await;
        });
    }
}
