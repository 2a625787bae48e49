// Reads every cell of the first worksheet with ExcelJS's streaming reader (the fastest way ExcelJS
// offers for large files) and prints "rows cells".   node exceljs_read.cjs FILE.xlsx
const ExcelJS = require('exceljs');

async function main() {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  let rows = 0;
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows += 1;
      row.eachCell({ includeEmpty: false }, (cell) => { if (cell.text !== undefined) cells += 1; });
    }
    break;
  }
  console.log(`${rows} ${cells}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
