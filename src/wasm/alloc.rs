//! A small allocator for the wasm build, in place of dlmalloc (7 KB of code
//! for features a hook does not use). Size classes of powers of two from 16
//! bytes to 64 KiB, each with a free list; larger blocks come straight from
//! fresh pages and are reused whole. Memory only grows, within the
//! module's 64 MiB cap. wasm32-unknown-unknown is single-threaded.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65536;
const CLASSES: usize = 13; // 16 B .. 64 KiB

struct State {
    free: [usize; CLASSES + 1], // the last list holds large blocks (size stored in the header)
    top: usize,
    end: usize,
}

pub struct Alloc(UnsafeCell<State>);

// Safety: no threads on this target.
unsafe impl Sync for Alloc {}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: Alloc = Alloc::new();

impl Alloc {
    pub const fn new() -> Alloc {
        Alloc(UnsafeCell::new(State { free: [0; CLASSES + 1], top: 0, end: 0 }))
    }
}

/// Grow linear memory by `pages`: the old size in pages, or `usize::MAX`.
#[cfg(target_arch = "wasm32")]
fn memory_grow(pages: usize) -> usize {
    core::arch::wasm32::memory_grow(0, pages)
}

/// Native tests (src/crosscheck.rs): a page-aligned arena stands in for
/// linear memory, so the same code runs under a property test.
#[cfg(not(target_arch = "wasm32"))]
static USED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A fresh arena for a fresh `Alloc` (each property-test case).
#[cfg(not(target_arch = "wasm32"))]
pub fn reset_arena() {
    USED.store(0, std::sync::atomic::Ordering::SeqCst);
}

#[cfg(not(target_arch = "wasm32"))]
fn memory_grow(pages: usize) -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    const ARENA_PAGES: usize = 1024; // 64 MiB, the wasm build's cap
    static BASE: AtomicUsize = AtomicUsize::new(0);
    if BASE.load(SeqCst) == 0 {
        let layout = Layout::from_size_align(ARENA_PAGES * PAGE, PAGE).unwrap();
        BASE.store(unsafe { std::alloc::alloc(layout) } as usize, SeqCst);
    }
    let used = USED.load(SeqCst);
    if used + pages > ARENA_PAGES {
        return usize::MAX;
    }
    USED.store(used + pages, SeqCst);
    BASE.load(SeqCst) / PAGE + used
}

fn class(size: usize) -> usize {
    let size = size.max(16);
    (usize::BITS - (size - 1).leading_zeros()) as usize - 4
}

impl State {
    /// `bytes` from the top, growing memory as needed; `align` ≤ 16 for classes.
    unsafe fn carve(&mut self, bytes: usize, align: usize) -> *mut u8 {
        let start = (self.top + align - 1) & !(align - 1);
        if self.top == 0 || start + bytes > self.end {
            let pages = (bytes + align).div_ceil(PAGE);
            let old = memory_grow(pages);
            if old == usize::MAX {
                return core::ptr::null_mut();
            }
            // Fresh pages follow the old end only if nobody else grew memory.
            if old * PAGE != self.end {
                self.top = old * PAGE;
            }
            self.end = (old + pages) * PAGE;
            return self.carve(bytes, align);
        }
        self.top = start + bytes;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let s = &mut *self.0.get();
        let size = layout.size().max(layout.align());
        if size <= PAGE && layout.align() <= 16 {
            let c = class(size);
            let head = s.free[c];
            if head != 0 {
                s.free[c] = *(head as *const usize);
                return head as *mut u8;
            }
            return s.carve(16 << c, 16);
        }
        // Large: a 16-byte header before the block records its size.
        let align = layout.align().max(16);
        let mut prev: *mut usize = &mut s.free[CLASSES];
        let mut cur = *prev;
        while cur != 0 {
            let cap = *((cur - 16) as *const usize);
            if cap >= layout.size() && cur.is_multiple_of(align) {
                *prev = *(cur as *const usize);
                return cur as *mut u8;
            }
            prev = cur as *mut usize;
            cur = *prev;
        }
        let base = s.carve(layout.size() + align, align);
        if base.is_null() {
            return base;
        }
        let block = base.add(align);
        *((block as usize - 16) as *mut usize) = layout.size();
        block
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let s = &mut *self.0.get();
        let size = layout.size().max(layout.align());
        let c = if size <= PAGE && layout.align() <= 16 { class(size) } else { CLASSES };
        *(ptr as *mut usize) = s.free[c];
        s.free[c] = ptr as usize;
    }
}
