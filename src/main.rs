fn main() {
    println!("kbmatch");
}
