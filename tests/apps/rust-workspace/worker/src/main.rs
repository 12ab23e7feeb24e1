//! Settles pending orders every minute.

#[tokio::main]
async fn main() {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        orders::settle_pending();
    }
}
