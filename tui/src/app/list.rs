//! A scrolled list's selection, moved by keys and kept visible by drawing.

use crossterm::event::KeyCode;

/// A scrolled list: the selected row and the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListPos {
    pub selected: usize,
    pub offset: usize,
}

impl ListPos {
    pub fn move_by(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let s = self.selected as isize + delta;
        self.selected = s.clamp(0, len as isize - 1) as usize;
    }

    pub fn clamp(&mut self, len: usize) {
        if self.selected >= len {
            self.selected = len.saturating_sub(1);
        }
    }

    /// Scroll so the selection is visible in `height` rows; returns the
    /// visible range.
    pub fn visible(&mut self, len: usize, height: usize) -> std::ops::Range<usize> {
        self.clamp(len);
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        if self.offset + height > len {
            self.offset = len.saturating_sub(height);
        }
        self.offset..(self.offset + height).min(len)
    }

    /// Up/down/page/home/end on a list of `len` rows; other keys do nothing.
    pub fn navigate(&mut self, code: KeyCode, len: usize) {
        match code {
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1, len),
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1, len),
            KeyCode::PageDown => self.move_by(20, len),
            KeyCode::PageUp => self.move_by(-20, len),
            KeyCode::Home => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = len.saturating_sub(1),
            _ => {}
        }
    }
}
