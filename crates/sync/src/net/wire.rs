//! Frames on a byte stream: a 4-byte big-endian length, then that many
//! bytes. A length over [`FRAME_MAX_BYTES`] is refused before its body is
//! read.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::protocol::{FrameError, FRAME_MAX_BYTES};

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error(transparent)]
    Frame(#[from] FrameError),
    #[error("the connection failed: {0}")]
    Io(#[from] std::io::Error),
}

/// The next frame, or `None` when the peer closed the stream between frames.
pub async fn read_frame<R: AsyncRead + Unpin>(r: &mut R) -> Result<Option<Vec<u8>>, WireError> {
    let mut header = [0u8; 4];
    match r.read_exact(&mut header).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let size = u32::from_be_bytes(header) as usize;
    if size > FRAME_MAX_BYTES {
        return Err(FrameError::TooLarge { size }.into());
    }
    let mut body = vec![0u8; size];
    r.read_exact(&mut body).await?;
    Ok(Some(body))
}

pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, bytes: &[u8]) -> Result<(), WireError> {
    let size = u32::try_from(bytes.len()).map_err(|_| FrameError::TooLarge { size: bytes.len() })?;
    w.write_all(&size.to_be_bytes()).await?;
    w.write_all(bytes).await?;
    w.flush().await?;
    Ok(())
}
