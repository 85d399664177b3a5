// Package xlsx is the 自评表 as an Excel workbook. Read takes the
// workbooks clerks keep into a year file of the content format (disclose
// import): it finds the tables by their Chinese headings, not by cell
// addresses, and keeps what the sheet printed, exactly: amounts converted
// to the site's unit in integer 分, blank cells absent, every value noted
// with the cell it came from, every cell it could not place listed.
// Write renders a report's tables in the layout of the printed forms for
// readers (tables.xlsx beside the CSV files), computed figures apart, in
// bytes that depend only on the report; Read takes that layout back.
package xlsx
