#include "http/gzip_splice.h"

#include <zlib.h>

#include <algorithm>

namespace bimtek::http {

GzPiece::GzPiece(std::string text) : text_(std::move(text)) {
  crc_ = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(text_.data()), static_cast<uInt>(text_.size())));
  if (text_.empty()) return;
  z_stream z{};
  // Raw deflate (no header), best compression: built once per piece.
  if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) return;
  std::string out(deflateBound(&z, static_cast<uLong>(text_.size())) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(text_.data());
  z.avail_in = static_cast<uInt>(text_.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  // A full flush ends on a byte boundary and forgets the history: what follows may be any other
  // piece. It never sets BFINAL, so the member goes on.
  const int rc = deflate(&z, Z_FULL_FLUSH);
  const size_t n = z.total_out;
  deflateEnd(&z);
  if (rc != Z_OK || z.avail_in != 0) return;  // deflated_ stays empty: sent as stored
  out.resize(n);
  deflated_ = std::move(out);
}

GzAssembler::GzAssembler(bool gzip) : gzip_(gzip) {
  if (gzip_) {
    // Member header: magic, CM = deflate, no flags, no mtime, XFL 0, OS 255 (unknown).
    static constexpr char kHeader[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};
    out_.append(kHeader, sizeof kHeader);
  }
}

void GzAssembler::FlushLiteral() {
  if (literal_.empty()) return;
  crc_ = static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(literal_.data()),
                                     static_cast<uInt>(literal_.size())));
  size_ += literal_.size();
  for (size_t at = 0; at < literal_.size();) {
    const size_t n = std::min<size_t>(literal_.size() - at, 65535);
    // A stored block (BFINAL 0, BTYPE 00) on a byte boundary: LEN and its complement, LE.
    const char head[5] = {0, static_cast<char>(n & 0xff), static_cast<char>(n >> 8),
                          static_cast<char>(~n & 0xff), static_cast<char>((~n >> 8) & 0xff)};
    out_.append(head, sizeof head);
    out_.append(literal_, at, n);
    at += n;
  }
  literal_.clear();
}

void GzAssembler::Add(const GzPiece& piece) {
  if (!gzip_) {
    out_ += piece.text();
    return;
  }
  if (piece.text().empty()) return;
  if (piece.deflated().empty()) {  // deflate failed when it was built: send it stored
    literal_ += piece.text();
    return;
  }
  FlushLiteral();
  out_ += piece.deflated();
  crc_ = static_cast<uint32_t>(
      crc32_combine(crc_, piece.crc(), static_cast<z_off_t>(piece.text().size())));
  size_ += piece.text().size();
}

void GzAssembler::AddLiteral(std::string_view bytes) {
  if (!gzip_) {
    out_ += bytes;
    return;
  }
  literal_ += bytes;
}

std::string GzAssembler::Finish() {
  if (!gzip_) return std::move(out_);
  FlushLiteral();
  // The final block: an empty block of fixed Huffman codes with BFINAL set.
  out_.push_back('\x03');
  out_.push_back('\x00');
  for (int s = 0; s < 32; s += 8) out_.push_back(static_cast<char>((crc_ >> s) & 0xff));
  const uint32_t isize = static_cast<uint32_t>(size_ & 0xffffffffu);
  for (int s = 0; s < 32; s += 8) out_.push_back(static_cast<char>((isize >> s) & 0xff));
  return std::move(out_);
}

}  // namespace bimtek::http
