#include "render/qr.h"

#include <string>

#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::render {
namespace {

using ::bimtek::testing::StatusIs;

// The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 core.
bool FinderAt(const QrMatrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || x == 6 || y == 0 || y == 6;
      const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m.dark(x0 + x, y0 + y) != (ring || core)) return false;
    }
  }
  return true;
}

TEST(QrTest, MatrixHasTheShapeOfAQrCode) {
  StatusOr<QrMatrix> m = EncodeQr("https://bimtek.kpu.go.id/masuk?kode=K7MPQ2XWTA");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->size, 17 + 4 * m->version);
  EXPECT_EQ(m->modules.size(), static_cast<size_t>(m->size * m->size));
  EXPECT_TRUE(FinderAt(*m, 0, 0));
  EXPECT_TRUE(FinderAt(*m, m->size - 7, 0));
  EXPECT_TRUE(FinderAt(*m, 0, m->size - 7));
  EXPECT_FALSE(FinderAt(*m, m->size - 7, m->size - 7));
  // Timing pattern: row 6 alternates between the finders.
  for (int x = 8; x < m->size - 8; ++x) EXPECT_EQ(m->dark(x, 6), x % 2 == 0) << x;
  // 46 bytes in byte mode at level M: version 3 holds 42, version 4 holds 62.
  EXPECT_EQ(m->version, 4);
}

TEST(QrTest, DifferentTextsDifferentMatrices) {
  StatusOr<QrMatrix> a = EncodeQr("https://x/?kode=AAAAAAAAAA");
  StatusOr<QrMatrix> b = EncodeQr("https://x/?kode=AAAAAAAAAB");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->modules, b->modules);
}

TEST(QrTest, RefusesEmptyAndOversizedTexts) {
  EXPECT_THAT(EncodeQr("").status(), StatusIs(absl::StatusCode::kInvalidArgument, "empty"));
  EXPECT_THAT(EncodeQr(std::string(3000, 'a')).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "does not fit"));
}

}  // namespace
}  // namespace bimtek::render
