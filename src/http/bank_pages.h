// The question bank editor and the test builder as server-rendered pages (issue 5 item 8;
// docs/assessment.md, "Pages"). No JavaScript: plain forms with the session's CSRF field.
// Staff read the bank and their tests; national, province and kabupaten/kota operators edit
// the bank and build tests (service::MayEditBank); participants get 403.
#pragma once

#include "http/message.h"

namespace bimtek::http::handlers {

// GET /soal?modul=M1&topik=voting&jenis=single&hal=2: the bank's latest versions, filtered,
// 50 a page, with links to each item, a new item and the QTI 3.0 download.
Response BankPage(Request& req);
// GET /soal/qti.zip?modul=&topik=: the filtered bank as a QTI 3.0 package.
Response BankQtiExport(Request& req);
// POST /soal/impor (multipart: csrf, file, module, topic): imports a bank file (QTI 2.1/3.0
// package or item, or our JSON) as `bimtek questions import` does; the report by item.
Response BankImport(Request& req);
// GET /soal/baru, POST /soal/baru (RequireFormCsrf): a new item; 303 to it, or the form again
// (400) with each problem beside its field and nothing saved.
Response BankNewForm(Request& req);
Response BankNewSubmit(Request& req);
// GET /soal/{id}?v=N: one version of an item (latest by default) and the list of its versions.
Response BankItemPage(Request& req);
// GET /soal/{id}/gambar?v=N: the image of a version.
Response BankItemImage(Request& req);
// GET /soal/{id}/ubah, POST /soal/{id}/ubah (RequireFormCsrf): edit an item: a changed item
// becomes a new version (the old ones stay); errors as for a new item.
Response BankEditForm(Request& req);
Response BankEditSubmit(Request& req);

// GET /tes: the tests in the user's scope. GET /tes/baru, POST /tes/baru (RequireFormCsrf): the
// test builder (service::Tests::Create, as POST /api/v1/tests). GET /tes/{id}: its settings
// and forms.
Response TestsListPage(Request& req);
Response TestBuilderForm(Request& req);
Response TestBuilderSubmit(Request& req);
Response TestDetailPage(Request& req);

}  // namespace bimtek::http::handlers
