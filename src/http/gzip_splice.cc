#include "http/gzip_splice.h"

#include <zlib.h>

#include <algorithm>

namespace bimtek::http {

namespace {

// One deflate state per thread, reset for each piece: setting a state up (allocating and
// clearing its window and hash table) cost more than deflating a piece of a few hundred bytes,
// and a new test's first fetches made up to a thousand pieces per worker. A piece is small:
// a 4 KB window and a smaller hash lose nothing on it, and any inflater reads a stream made
// with a smaller window.
class PieceDeflater {
 public:
  explicit PieceDeflater(int level) {
    ok_ = deflateInit2(&z_, level, Z_DEFLATED, -12, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~PieceDeflater() {
    if (ok_) deflateEnd(&z_);
  }
  PieceDeflater(const PieceDeflater&) = delete;
  PieceDeflater& operator=(const PieceDeflater&) = delete;

  // Raw deflate of `text` ending in a full flush; empty when deflate fails (sent as stored).
  std::string Deflate(std::string& text) {
    if (!ok_ || deflateReset(&z_) != Z_OK) return {};
    std::string out(deflateBound(&z_, static_cast<uLong>(text.size())) + 16, '\0');
    z_.next_in = reinterpret_cast<Bytef*>(text.data());
    z_.avail_in = static_cast<uInt>(text.size());
    z_.next_out = reinterpret_cast<Bytef*>(out.data());
    z_.avail_out = static_cast<uInt>(out.size());
    // A full flush ends on a byte boundary and forgets the history: what follows may be any
    // other piece. It never sets BFINAL, so the member goes on.
    const int rc = deflate(&z_, Z_FULL_FLUSH);
    if (rc != Z_OK || z_.avail_in != 0) return {};
    out.resize(z_.total_out);
    return out;
  }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

GzPiece::GzPiece(std::string text, bool fast) : text_(std::move(text)) {
  crc_ = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(text_.data()), static_cast<uInt>(text_.size())));
  if (text_.empty()) return;
  // Best compression for pieces kept and sent many times; level 1 for a piece made per answer.
  thread_local PieceDeflater best(9), quick(1);
  deflated_ = (fast ? quick : best).Deflate(text_);
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
