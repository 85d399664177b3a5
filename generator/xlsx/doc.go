// Package xlsx reads the 自评表 clerks keep in Excel into a year file of
// the content format (disclose import). It finds the tables by their
// Chinese headings, not by cell addresses, and keeps what the sheet
// printed, exactly: amounts converted to the site's unit in integer 分,
// blank cells absent, every value noted with the cell it came from, and
// every cell it could not place listed.
package xlsx
