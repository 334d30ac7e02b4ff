//! A small W3C WebDriver client over ONE kept-alive HTTP connection (a new connection per
//! request fails now and then with tauri-driver): sessions on the app's window (tauri-driver)
//! or on headless Chromium (chromedriver), finding elements, clicks, keys, scripts and
//! screenshots, and waiting for the page to show something.

use std::path::Path;

use crate::harness::Display;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long a wait for the page may take before the test fails with what it waited for.
pub const WAIT: Duration = Duration::from_secs(45);

/// One WebDriver session on one app window.
pub struct Session<'d> {
    http: reqwest::Client,
    base: String,
    id: String,
    /// Used in failure messages ("worker", "dispatcher").
    pub who: &'static str,
    /// The X display the window is on, photographed from outside; none for a headless
    /// browser, which WebDriver photographs itself.
    display: Option<&'d Display>,
    size: (u32, u32),
}

/// An element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl<'d> Session<'d> {
    /// Starts the app through tauri-driver at `port` (which launches `application` on
    /// `display`, with a window of `size`).
    pub async fn start(
        who: &'static str,
        port: u16,
        application: &Path,
        display: &'d Display,
        size: (u32, u32),
    ) -> Self {
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application.to_string_lossy() }
                }
            }
        });
        Self::open(who, port, caps, Some(display), size).await
    }

    /// Starts Debian's Chromium, headless, through chromedriver at `port`: a fresh profile
    /// in `profile`, downloads into `downloads`, a window of `size`, Chinese first.
    pub async fn chromium(
        who: &'static str,
        port: u16,
        profile: &Path,
        downloads: &Path,
        size: (u32, u32),
    ) -> Session<'static> {
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": "/usr/bin/chromium",
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update",
                            "--no-first-run", "--disable-dev-shm-usage", "--lang=zh-CN",
                            format!("--user-data-dir={}", profile.display()),
                            format!("--window-size={},{}", size.0, size.1),
                        ],
                        "prefs": {
                            "download.default_directory": downloads.to_string_lossy(),
                            "download.prompt_for_download": false,
                            "intl.accept_languages": "zh-CN,zh"
                        }
                    }
                }
            }
        });
        let s = Session::open(who, port, caps, None, size).await;
        // The window's size counts the browser's frame: grow it until the page itself is
        // `size`, so screenshots are exactly that.
        let inner = s
            .script("return [window.innerWidth, window.innerHeight];", vec![])
            .await;
        let (w, h) = (
            inner[0].as_u64().unwrap_or(0),
            inner[1].as_u64().unwrap_or(0),
        );
        let grow = |want: u32, have: u64| 2 * u64::from(want) - have.min(u64::from(want));
        if let Err(e) = s
            .call(
                reqwest::Method::POST,
                "/window/rect",
                Some(json!({"width": grow(size.0, w), "height": grow(size.1, h)})),
            )
            .await
        {
            panic!("{who}: cannot size the window: {e}");
        }
        s
    }

    async fn open(
        who: &'static str,
        port: u16,
        caps: Value,
        display: Option<&'d Display>,
        size: (u32, u32),
    ) -> Self {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .pool_idle_timeout(None)
            .tcp_keepalive(Duration::from_secs(15))
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let answer = send(
            &http,
            reqwest::Method::POST,
            &format!("{base}/session"),
            Some(caps),
        )
        .await
        .unwrap_or_else(|e| panic!("{who}: could not start a WebDriver session: {e}"));
        let id = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("{who}: no sessionId in {answer}"))
            .to_string();
        Self {
            http,
            base,
            id,
            who,
            display,
            size,
        }
    }

    /// Opens `url` in the window (browsers only: the app has its own page).
    pub async fn go(&self, url: &str) {
        if let Err(e) = self
            .call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
        {
            panic!("{}: cannot open {url}: {e}", self.who);
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let url = format!("{}/session/{}{}", self.base, self.id, path);
        send(&self.http, method, &url, body).await
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub async fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
        .unwrap_or_else(|e| panic!("{}: script failed: {e}\n{script}", self.who))
    }

    /// All elements matching a CSS selector now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        match self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
        {
            Ok(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Waits until an element matching `css` is present and shown, and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let start = Instant::now();
        loop {
            for e in self.find_all(css).await {
                if self.displayed(&e).await {
                    return e;
                }
            }
            if start.elapsed() > WAIT {
                let text = self.page_text().await;
                panic!(
                    "{}: {css} never showed up. The page says:\n{text}",
                    self.who
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits until an element matching `css` is in the page (shown or not, e.g. a hidden
    /// file input).
    pub async fn wait_for_present(&self, css: &str) -> Element {
        let start = Instant::now();
        loop {
            if let Some(e) = self.find_all(css).await.into_iter().next() {
                return e;
            }
            if start.elapsed() > WAIT {
                let text = self.page_text().await;
                panic!("{}: {css} never appeared. The page says:\n{text}", self.who);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits until `check` (a JS expression) is true; `what` explains it on failure.
    pub async fn wait_until(&self, what: &str, check: &str) {
        let start = Instant::now();
        loop {
            let ok = self
                .call(
                    reqwest::Method::POST,
                    "/execute/sync",
                    Some(json!({"script": format!("return !!({check});"), "args": []})),
                )
                .await;
            if matches!(ok, Ok(Value::Bool(true))) {
                return;
            }
            if start.elapsed() > WAIT {
                let text = self.page_text().await;
                panic!(
                    "{}: waited in vain for {what} ({check}). The page says:\n{text}",
                    self.who
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    async fn displayed(&self, e: &Element) -> bool {
        matches!(
            self.call(
                reqwest::Method::GET,
                &format!("/element/{}/displayed", e.0),
                None
            )
            .await,
            Ok(Value::Bool(true))
        )
    }

    /// Clicks an element (scrolled into view first).
    pub async fn click(&self, e: &Element) {
        self.script(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![e.as_arg()],
        )
        .await;
        if let Err(err) = self
            .call(
                reqwest::Method::POST,
                &format!("/element/{}/click", e.0),
                Some(json!({})),
            )
            .await
        {
            panic!("{}: click failed: {err}", self.who);
        }
    }

    /// Waits for `css` and clicks it.
    pub async fn click_on(&self, css: &str) {
        let e = self.wait_for(css).await;
        self.click(&e).await;
    }

    /// Types into an element (after clearing it).
    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self.wait_for(css).await;
        let _ = self
            .call(
                reqwest::Method::POST,
                &format!("/element/{}/clear", e.0),
                Some(json!({})),
            )
            .await;
        if let Err(err) = self
            .call(
                reqwest::Method::POST,
                &format!("/element/{}/value", e.0),
                Some(json!({"text": text})),
            )
            .await
        {
            panic!("{}: typing into {css} failed: {err}", self.who);
        }
    }

    /// Chooses a file in a file input the way a person does in the file chooser: WebDriver's
    /// "send keys" with the file's path on the input element.
    pub async fn choose_file(&self, css: &str, path: &Path) {
        let e = self.wait_for_present(css).await;
        if let Err(err) = self
            .call(
                reqwest::Method::POST,
                &format!("/element/{}/value", e.0),
                Some(json!({"text": path.to_string_lossy()})),
            )
            .await
        {
            panic!(
                "{}: choosing {} in {css} failed: {err}",
                self.who,
                path.display()
            );
        }
    }

    /// The visible text of the page (for failure messages and checks).
    pub async fn page_text(&self) -> String {
        match self
            .call(reqwest::Method::POST, "/execute/sync", Some(json!({"script": "return document.body ? document.body.innerText : '';", "args": []})))
            .await
        {
            Ok(Value::String(s)) => s,
            other => format!("<no text: {other:?}>"),
        }
    }

    /// Saves a PNG screenshot of the window, once what is on screen has settled (fonts,
    /// images and a frame drawn).
    pub async fn screenshot(&self, path: &Path) {
        self.script(
            "return document.fonts ? document.fonts.status : 'loaded';",
            vec![],
        )
        .await;
        self.wait_until("the page to settle", "document.readyState === 'complete' && (!document.fonts || document.fonts.status === 'loaded') && [...document.images].every((i) => i.complete)").await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        match self.display {
            Some(display) => display.screenshot(self.size.0, self.size.1, path),
            None => {
                use base64::Engine as _;
                let png = self
                    .call(reqwest::Method::GET, "/screenshot", None)
                    .await
                    .unwrap_or_else(|e| panic!("{}: screenshot failed: {e}", self.who));
                let png = base64::engine::general_purpose::STANDARD
                    .decode(png.as_str().unwrap_or_default())
                    .unwrap();
                assert!(png.starts_with(b"\x89PNG"), "{}: no PNG", self.who);
                std::fs::write(path, png).unwrap();
            }
        }
    }

    /// Ends the session (the app window closes).
    pub async fn end(self) {
        let _ = self.call(reqwest::Method::DELETE, "", None).await;
    }
}

impl Element {
    /// The element as a script argument.
    pub fn as_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

async fn send(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = http.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let answer: Value = response
        .json()
        .await
        .map_err(|e| format!("{url}: bad JSON: {e}"))?;
    if !status.is_success() {
        return Err(format!("{url}: {status}: {}", answer["value"]));
    }
    Ok(answer.get("value").cloned().unwrap_or(Value::Null))
}
