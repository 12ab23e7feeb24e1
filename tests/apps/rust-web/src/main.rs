//! A small HTTP/1.1 server on the standard library alone: "/" says hello, "/healthz" answers 200.
//!
//! It listens on 0.0.0.0:$PORT and stops gracefully on SIGTERM or SIGINT: the handler only sets a
//! flag, and the accept loop, which polls a non-blocking listener, sees it within 50 ms.

use std::env;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" {
    // From the C library, which every Rust program on Linux links anyway; std has no signal API.
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
}

extern "C" fn request_stop(_signum: i32) {
    // An atomic store is async-signal-safe; everything else happens in the loop.
    STOP.store(true, Ordering::SeqCst);
}

fn main() {
    unsafe {
        signal(SIGTERM, request_stop);
        signal(SIGINT, request_stop);
    }
    let port = env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{}", port)).expect("cannot bind the port");
    listener.set_nonblocking(true).expect("cannot make the listener non-blocking");
    println!("rust server listening on 0.0.0.0:{}", port);
    while !STOP.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Err(error) = serve(stream) {
                    eprintln!("request failed: {}", error);
                }
            }
            Err(error) if error.kind() == ErrorKind::WouldBlock => thread::sleep(Duration::from_millis(50)),
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => eprintln!("accept failed: {}", error),
        }
    }
    println!("rust server stopped");
}

/// Reads one request's head and answers it; the connection closes after the response.
fn serve(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next().unwrap_or("");
    let (status, body) = if line.starts_with("GET /healthz ") {
        ("200 OK", "ok\n")
    } else if line.starts_with("GET / ") {
        ("200 OK", "hello from rust\n")
    } else {
        ("404 Not Found", "not found\n")
    };
    let response = format!(
        "HTTP/1.1 {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        status,
        body.len(),
        body
    );
    stream.write_all(response.as_bytes())?;
    stream.flush()
}
