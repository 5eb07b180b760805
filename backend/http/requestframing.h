#pragma once

#include <QByteArray>
#include <QString>

// Reads the header block of one HTTP/1.1 request (request line through the empty line) the strict way, so
// that the guard in front of QHttpServer's parser and the parser itself can never disagree about where the
// request ends. Any ambiguity in the framing is what request smuggling lives on (RFC 9112 §6.3, §11.2):
// a request that two readers could split differently is refused with 400 and its connection closed.
//
// Refused: a malformed request line; a header line without a colon, with whitespace before it, starting with
// whitespace (obsolete line folding) or with a name that is not a token; control characters in a value; a
// bare LF; Content-Length that is not one plain decimal number (signs, hex, commas and lists are refused,
// and so is a second Content-Length, even an equal one); Transfer-Encoding together with Content-Length, or
// whose last coding is not chunked; more than one Host. A chunked body on its own is well framed but not
// accepted here (411).
struct RequestFraming
{
    bool ok = false;
    int status = 0; // when !ok: 400 or 411
    QString code;
    QString message;
    qint64 contentLength = 0;
    bool keepAlive = true;
    bool expectContinue = false;

    // block: the bytes up to and including the CRLF CRLF that ends the headers.
    static RequestFraming read(const QByteArray &block);
};
