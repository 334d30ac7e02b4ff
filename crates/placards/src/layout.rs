//! The placard's page: laid out once in A5 points (an A4 page is the same drawing scaled),
//! with a red header, the grid and the entrance, the contacts, the grid's map and the QR
//! code, and a footer with the placard's version.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use qrcode::{Color as Module, EcLevel, QrCode};

use crate::error::{Error, Result};
use crate::{Fonts, PaperSize, Placard};

/// A5 in points.
const W: f32 = 419.53;
const H: f32 = 595.28;
const MARGIN: f32 = 28.0;

const RED: (u8, u8, u8) = (0xc8, 0x10, 0x2e);
const INK: (u8, u8, u8) = (0x1f, 0x23, 0x28);
const GREY: (u8, u8, u8) = (0x5f, 0x66, 0x6d);
const WHITE: (u8, u8, u8) = (0xff, 0xff, 0xff);

pub(crate) fn document(placards: &[Placard], size: PaperSize, fonts: &Fonts) -> Result<Vec<u8>> {
    // A4 is A5 scaled by √2, but ISO rounds both to whole millimetres: scale to fit the
    // height and centre across the width.
    let (page_w, page_h) = match size {
        PaperSize::A5 => (W, H),
        PaperSize::A4 => (595.28, 841.89),
    };
    let scale = (page_w / W).min(page_h / H);
    let offset = (page_w - W * scale) / 2.0;
    let mut doc = Document::new();
    for placard in placards {
        let qr = QrCode::with_error_correction_level(placard.url.as_bytes(), EcLevel::M)
            .map_err(|_| Error::Qr(placard.url.clone()))?;
        let settings = PageSettings::from_wh(page_w, page_h)
            .ok_or_else(|| Error::Pdf("bad page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_row(scale, 0.0, 0.0, scale, offset, 0.0));
        Page {
            s: &mut surface,
            fonts,
        }
        .draw(placard, &qr);
        surface.pop();
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| Error::Pdf(format!("{e:?}")))
}

struct Page<'s, 'a> {
    s: &'s mut Surface<'a>,
    fonts: &'s Fonts,
}

fn fill(c: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(c: (u8, u8, u8), width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        width,
        ..Default::default()
    }
}

impl Page<'_, '_> {
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: (u8, u8, u8)) {
        let mut pb = PathBuilder::new();
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            pb.push_rect(r);
        }
        if let Some(path) = pb.finish() {
            self.s.set_fill(Some(fill(color)));
            self.s.set_stroke(None);
            self.s.draw_path(&path);
        }
    }

    /// Text with its baseline at `y`, from `x`.
    fn text(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool, color: (u8, u8, u8)) {
        if text.is_empty() {
            return;
        }
        self.s.set_fill(Some(fill(color)));
        self.s.set_stroke(None);
        self.s.draw_text(
            Point::from_xy(x, y),
            self.fonts.font(bold),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn centred(&mut self, y: f32, text: &str, size: f32, bold: bool, color: (u8, u8, u8)) {
        let w = self.fonts.width(text, size, bold);
        self.text((W - w) / 2.0, y, text, size, bold, color);
    }

    /// `text` broken into lines no wider than `width` (anywhere between characters, as
    /// Chinese is set), at most `max` lines, the last ending in … when cut.
    fn wrap(&self, text: &str, size: f32, width: f32, max: usize) -> Vec<String> {
        let mut lines = vec![String::new()];
        for c in text.chars() {
            let line = lines.last_mut().expect("one line at least");
            let mut next = line.clone();
            next.push(c);
            if self.fonts.width(&next, size, false) > width && !line.is_empty() {
                if lines.len() == max {
                    let line = lines.last_mut().expect("one line at least");
                    line.pop();
                    line.push('…');
                    return lines;
                }
                lines.push(c.to_string());
            } else {
                *line = next;
            }
        }
        lines
    }

    fn draw(&mut self, p: &Placard, qr: &QrCode) {
        // Header band.
        self.rect(0.0, 0.0, W, 96.0, RED);
        self.centred(50.0, "网格公示牌", 30.0, true, WHITE);
        self.centred(78.0, &p.place.join(" · "), 12.0, false, WHITE);

        // The grid and the entrance.
        let mut y = 132.0;
        self.text(MARGIN, y, &p.grid_name, 22.0, true, INK);
        y += 20.0;
        self.text(
            MARGIN,
            y,
            &format!("网格编号 {}", p.grid_code),
            11.0,
            false,
            GREY,
        );
        y += 26.0;
        let here = match &p.unit {
            Some(u) => format!("本处：{} {}单元", p.building, u.trim_end_matches("单元")),
            None => format!("本处：{}", p.building),
        };
        self.text(MARGIN, y, &here, 13.0, true, INK);

        // Coverage.
        y += 24.0;
        self.text(MARGIN, y, "网格范围", 10.5, true, RED);
        for line in self.wrap(&p.coverage, 10.5, W - 2.0 * MARGIN - 56.0, 3) {
            self.text(MARGIN + 56.0, y, &line, 10.5, false, INK);
            y += 15.0;
        }

        // Contacts: the grid's workers, then the community's.
        y += 8.0;
        self.rule(y);
        y += 26.0;
        let workers: Vec<_> = p.workers.iter().take(4).collect();
        if workers.is_empty() {
            self.text(MARGIN, y, "网格员：待配备", 14.0, true, INK);
            y += 28.0;
        }
        for (i, w) in workers.iter().enumerate() {
            let (name_size, phone_size) = if i == 0 { (17.0, 17.0) } else { (13.0, 13.0) };
            self.text(MARGIN, y, &w.role, 10.5, false, GREY);
            self.text(MARGIN + 72.0, y, &w.name, name_size, true, INK);
            if let Some(phone) = &w.phone {
                let pw = self.fonts.width(phone, phone_size, true);
                self.text(W - MARGIN - pw, y, phone, phone_size, true, RED);
            }
            y += if i == 0 { 28.0 } else { 22.0 };
        }
        for c in p.heads.iter().chain(p.community_contact.iter().take(2)) {
            self.text(MARGIN, y, &c.role, 10.5, false, GREY);
            self.text(MARGIN + 72.0, y, &c.name, 12.0, false, INK);
            if let Some(phone) = &c.phone {
                let pw = self.fonts.width(phone, 12.0, false);
                self.text(W - MARGIN - pw, y, phone, 12.0, false, INK);
            }
            y += 20.0;
        }

        // The grid's map and the entrance's QR code, side by side at the bottom.
        let box_top = (y + 6.0).max(H - 236.0);
        let side = (H - 44.0 - box_top).min(180.0);
        self.map(p, MARGIN, box_top, side);
        self.qr(qr, W - MARGIN - side, box_top, side);
        self.text(
            MARGIN,
            box_top + side + 14.0,
            "网格图（红点为本处）",
            9.0,
            false,
            GREY,
        );
        let caption = "扫码联系网格员 · 反映问题";
        let cw = self.fonts.width(caption, 9.0, false);
        self.text(
            W - MARGIN - side / 2.0 - cw / 2.0,
            box_top + side + 14.0,
            caption,
            9.0,
            false,
            GREY,
        );

        // Footer: the version, so a posted placard can be told from a newer one.
        let version = format!("公示牌版本 {}", &p.fingerprint()[..8]);
        self.text(MARGIN, H - 12.0, &version, 7.5, false, GREY);
    }

    fn rule(&mut self, y: f32) {
        self.rect(MARGIN, y, W - 2.0 * MARGIN, 0.8, (0xd0, 0xd4, 0xd9));
    }

    /// The grid's outline fitted into a `side`-point square at `(x, y)`, the entrance a dot.
    fn map(&mut self, p: &Placard, x: f32, y: f32, side: f32) {
        let mut frame = PathBuilder::new();
        if let Some(r) = Rect::from_xywh(x, y, side, side) {
            frame.push_rect(r);
        }
        if let Some(path) = frame.finish() {
            self.s.set_fill(Some(fill((0xf6, 0xf7, 0xf9))));
            self.s.set_stroke(Some(stroke((0xd0, 0xd4, 0xd9), 0.8)));
            self.s.draw_path(&path);
        }
        let points = p.outline.iter().flatten().chain(std::iter::once(&p.here));
        let (mut min, mut max) = ([f64::MAX; 2], [f64::MIN; 2]);
        for pt in points {
            for k in 0..2 {
                min[k] = min[k].min(pt[k]);
                max[k] = max[k].max(pt[k]);
            }
        }
        if min[0] > max[0] {
            return;
        }
        // Equirectangular at the grid's latitude: a grid is small enough for it.
        let kx = ((min[1] + max[1]) / 2.0).to_radians().cos();
        let span = ((max[0] - min[0]) * kx).max(max[1] - min[1]).max(1e-6);
        let inner = f64::from(side) * 0.84;
        let pad_x = (f64::from(side) - (max[0] - min[0]) * kx / span * inner) / 2.0;
        let pad_y = (f64::from(side) - (max[1] - min[1]) / span * inner) / 2.0;
        let at = |pt: &[f64; 2]| {
            (
                x + (pad_x + (pt[0] - min[0]) * kx / span * inner) as f32,
                y + (pad_y + (max[1] - pt[1]) / span * inner) as f32,
            )
        };
        let mut pb = PathBuilder::new();
        for ring in &p.outline {
            for (i, pt) in ring.iter().enumerate() {
                let (px, py) = at(pt);
                if i == 0 {
                    pb.move_to(px, py);
                } else {
                    pb.line_to(px, py);
                }
            }
            pb.close();
        }
        if let Some(path) = pb.finish() {
            self.s.set_fill(Some(Fill {
                opacity: NormalizedF32::new(0.12).unwrap_or(NormalizedF32::ONE),
                ..fill(RED)
            }));
            self.s.set_stroke(Some(stroke(RED, 1.4)));
            self.s.draw_path(&path);
        }
        let (hx, hy) = at(&p.here);
        let mut dot = PathBuilder::new();
        let r = 4.5;
        // A circle from four cubic arcs.
        let k = 0.552_284_8 * r;
        dot.move_to(hx + r, hy);
        dot.cubic_to(hx + r, hy + k, hx + k, hy + r, hx, hy + r);
        dot.cubic_to(hx - k, hy + r, hx - r, hy + k, hx - r, hy);
        dot.cubic_to(hx - r, hy - k, hx - k, hy - r, hx, hy - r);
        dot.cubic_to(hx + k, hy - r, hx + r, hy - k, hx + r, hy);
        dot.close();
        if let Some(path) = dot.finish() {
            self.s.set_fill(Some(fill(RED)));
            self.s.set_stroke(Some(stroke(WHITE, 1.2)));
            self.s.draw_path(&path);
        }
    }

    /// The QR code in a `side`-point square at `(x, y)`, with its quiet zone inside.
    fn qr(&mut self, qr: &QrCode, x: f32, y: f32, side: f32) {
        let n = qr.width();
        let quiet = 4;
        let module = side / (n + 2 * quiet) as f32;
        self.rect(x, y, side, side, WHITE);
        let colors = qr.to_colors();
        let mut pb = PathBuilder::new();
        for (i, c) in colors.iter().enumerate() {
            if *c == Module::Dark {
                let (cx, cy) = (i % n, i / n);
                if let Some(r) = Rect::from_xywh(
                    x + (cx + quiet) as f32 * module,
                    y + (cy + quiet) as f32 * module,
                    module,
                    module,
                ) {
                    pb.push_rect(r);
                }
            }
        }
        if let Some(path) = pb.finish() {
            self.s.set_fill(Some(fill((0, 0, 0))));
            self.s.set_stroke(None);
            self.s.draw_path(&path);
        }
    }
}
