//! How the window draws on a machine without a GPU.
//!
//! WebKitGTK composites the page with OpenGL. Without a GPU (a virtual
//! machine, a remote desktop, no driver), Mesa emulates one on the CPU
//! (llvmpipe): the window then holds about 100 MB more for the emulated
//! GPU's buffers and spends CPU compiling shaders for it, to draw what
//! WebKit's own CPU path draws directly. Such machines take that path.

use std::path::Path;

/// Set before WebKit starts (its processes read it from the environment).
/// WebKit's own variable, when set, wins; `ACCORD_COMPOSITING=on` keeps
/// compositing without a GPU.
pub fn choose() {
    if cfg!(target_os = "linux")
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && std::env::var_os("ACCORD_COMPOSITING").is_none_or(|v| v != "on")
        && !has_gpu(Path::new("/dev/dri"))
    {
        // Called first thing in `run`, before any other thread exists.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// A GPU the kernel drives has a DRM render node (`/dev/dri/renderD128`…).
fn has_gpu(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::has_gpu;

    #[test]
    fn a_gpu_is_a_render_node_under_dri() {
        let dir = std::env::temp_dir().join(format!("accord-dri-{}", std::process::id()));
        assert!(!has_gpu(&dir), "no /dev/dri at all");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("card0"), "").unwrap();
        assert!(!has_gpu(&dir), "a display card alone renders nothing");
        std::fs::write(dir.join("renderD128"), "").unwrap();
        assert!(has_gpu(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
