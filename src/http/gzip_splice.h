// Responses assembled from pieces deflated once (issue 5: the test page, fetched by a whole hall
// at the same moment). Each static piece is deflated on its own, once, and ends on a byte
// boundary with an empty dictionary (a full flush), so pieces concatenate into one valid gzip
// member in any order; the personal bytes between them (tokens, numbers) go in as stored
// blocks. A response then costs copies and a CRC-32 combination instead of a deflate of the page
// (the pieces compress less well alone: the page is larger than one gzip of it, still far under
// the 60 KB budget). RFC 1951 §3.2.4 (stored blocks), RFC 1952 (the member).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bimtek::http {

// One static piece: its text and its deflated form. Immutable once built; thread-safe to read.
class GzPiece {
 public:
  GzPiece() = default;
  explicit GzPiece(std::string text, bool fast = false);
  const std::string& text() const { return text_; }
  const std::string& deflated() const { return deflated_; }
  uint32_t crc() const { return crc_; }

 private:
  std::string text_;
  std::string deflated_;  // raw deflate blocks ending with a full flush (no final block)
  uint32_t crc_ = 0;
};

// Builds one response body from pieces and literal bytes, gzipped or plain.
class GzAssembler {
 public:
  explicit GzAssembler(bool gzip);
  void Add(const GzPiece& piece);
  void AddLiteral(std::string_view bytes);
  // The body: a complete gzip member (or the plain text). The assembler is spent afterwards.
  std::string Finish();

 private:
  void FlushLiteral();

  bool gzip_;
  std::string out_;
  std::string literal_;  // pending literal bytes (gzip: written as stored blocks)
  uint32_t crc_ = 0;
  uint64_t size_ = 0;
};

}  // namespace bimtek::http
