#include "test_util.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <zip.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace bimtek::io::testing {

std::string Fixture(const std::string& name) {
  return bimtek::testing::SourceDir() + "/tests/testdata/io/" + name;
}

void WriteZipOrDie(const std::string& path, const std::map<std::string, std::string>& members) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr) << "zip_open " << path << " error " << error;
  for (const auto& [name, content] : members) {
    // libzip reads the buffer at zip_close: hand it a copy it frees itself.
    void* copy = std::malloc(content.size() + 1);
    std::memcpy(copy, content.data(), content.size());
    zip_source_t* source = zip_source_buffer(archive, copy, content.size(), 1);
    ASSERT_NE(source, nullptr);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0)
        << zip_strerror(archive);
  }
  ASSERT_EQ(zip_close(archive), 0) << zip_strerror(archive);
}

std::vector<Row> ReadAllRows(SheetReader& reader) {
  std::vector<Row> rows;
  Row row;
  while (true) {
    StatusOr<bool> more = reader.Next(row.cells, row.number);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::string> Texts(const Row& row) {
  std::vector<std::string> texts;
  for (const Cell& cell : row.cells) texts.push_back(cell.text);
  return texts;
}

}  // namespace bimtek::io::testing
