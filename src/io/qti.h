// QTI content packages for the question bank (docs/question-format.md): import of QTI 2.1/2.2
// and 3.0 items (choiceInteraction single and multiple, matchInteraction), with every other
// interaction reported by item, file and interaction; export of QTI 3.0 packages (a manifest and
// one item file per item, media files inside) that import back to the same items.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/questions/question.h"

namespace bimtek::io {

// The files of a package by path ("imsmanifest.xml", "images/a.png").
using PackageFiles = std::map<std::string, std::string>;

struct QtiUnsupported {
  std::string item;         // the item's identifier as written in the file
  std::string file;         // the item file inside the package
  std::string interaction;  // as written: "textEntryInteraction", "qti-order-interaction"
};

struct QtiImportOptions {
  // Given to items that carry no Bimtek metadata (packages written by others).
  std::string default_module;
  std::vector<std::string> default_topics;
};

struct QtiImport {
  std::vector<questions::Question> items;          // the supported items, in package order
  std::vector<QtiUnsupported> unsupported;         // items not imported, by interaction
  std::vector<questions::ItemProblem> problems;    // warnings and errors by item (incl. validation)
  std::map<std::string, std::string> qti_version;  // item id -> "2.1", "2.2" or "3.0"
};

// A zip's files (limits: 4,096 files, 64 MiB each, 256 MiB in all). InvalidArgument when the
// bytes are not a zip or break a limit.
StatusOr<PackageFiles> ReadZip(std::string_view bytes, std::string_view name);
// Writes `files` as a zip (deflated).
StatusOr<std::string> WriteZip(const PackageFiles& files);
// The files under a directory, by relative path.
StatusOr<PackageFiles> ReadDirectory(const std::string& dir);

// Items of a package. With an imsmanifest.xml, its item resources in order; without one, every
// .xml file whose root is an assessment item. Problems of single items are in the result;
// InvalidArgument only when the manifest itself is unreadable.
StatusOr<QtiImport> ImportQti(const PackageFiles& files, const QtiImportOptions& options = {});

// A QTI 3.0 content package of `items`: imsmanifest.xml (with each item's Bimtek metadata:
// type, module, topics, source) and <ID>.xml per item, media at their src path.
// InvalidArgument when an item has errors or its media has no bytes.
StatusOr<PackageFiles> ExportQti3(const std::vector<questions::Question>& items);

}  // namespace bimtek::io
