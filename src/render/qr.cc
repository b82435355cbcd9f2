#include "render/qr.h"

#include <qrencode.h>

#include <cerrno>
#include <string>

#include "base/strings.h"

namespace bimtek::render {

StatusOr<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("QR code: the text is empty");
  const std::string copy(text);
  errno = 0;
  QRcode* code =
      QRcode_encodeData(static_cast<int>(copy.size()),
                        reinterpret_cast<const unsigned char*>(copy.data()), 0, QR_ECLEVEL_M);
  if (code == nullptr) {
    if (errno == ERANGE || errno == EINVAL) {
      return absl::InvalidArgumentError(
          StrCat("QR code: a text of ", copy.size(), " bytes does not fit a QR code"));
    }
    return absl::InternalError(StrCat("QR code: libqrencode failed (errno ", errno, ")"));
  }
  QrMatrix m;
  m.size = code->width;
  m.version = code->version;
  m.modules.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.modules.size(); ++i) m.modules[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

}  // namespace bimtek::render
