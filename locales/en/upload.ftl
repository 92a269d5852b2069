# Replies when the signed declaration (DDC), or the designation document, a user sends cannot be accepted.
# $doc: "designation" for the designation document; anything else, the declaration.
# Each says what was wrong and what is accepted.

upload-too-large = The file is larger than { $limit_mb } MB, so I can't accept it. Please send { $doc ->
        [designation] the designation document
       *[ddc] the declaration
    } as a smaller PDF, or 1 to 5 photos (JPG or PNG) of its pages.
upload-empty = The file arrived empty. Please send { $doc ->
        [designation] the designation document
       *[ddc] the declaration
    } again as a PDF, or 1 to 5 photos (JPG or PNG) of its pages.
upload-unsupported-type = I only accept { $doc ->
        [designation] the designation document
       *[ddc] the declaration
    } as a PDF, or 1 to 5 photos (JPG or PNG) of its pages. Please send it again.
upload-corrupt-pdf = I couldn't open the PDF; it seems damaged or incomplete. Please send it again, or send 1 to 5 photos (JPG or PNG) of its pages.
upload-pdf-without-pages = The PDF has no pages. Please send { $doc ->
        [designation] the designation document
       *[ddc] the signed and sealed declaration
    } as a PDF, or 1 to 5 photos (JPG or PNG) of its pages.
upload-encrypted-pdf = The PDF is password-protected and I can't open it. Please send it without a password, or send 1 to 5 photos (JPG or PNG) of its pages.
upload-corrupt-image = I couldn't open the photo; it seems damaged or incomplete. Please take it again and send it as JPG or PNG.
upload-too-many-pixels = The photo is too large (more than { $max_megapixels } megapixels). Please send it at a lower resolution, as JPG or PNG.
upload-too-many-photos = I received too many photos: I accept at most { $max }, one per page. Please send only the pages of { $doc ->
        [designation] the designation document
       *[ddc] the declaration
    }.
upload-no-photos = I didn't receive any photos. Please send 1 to 5 photos (JPG or PNG) of the pages of { $doc ->
        [designation] the designation document
       *[ddc] the declaration
    }, or the PDF.
upload-assembly-failed = We had a problem putting your photos together into a PDF. Please try again in a few minutes.
upload-already-received = I already have the signed DDC of your request { $code }, which is now { $stage }: there is no need to send it again. To see how it is going, type /status. If you have the DDC of another request:
upload-not-received = { $channel ->
    [terminal] I could not open that file. Check that the path is spelt right and send it again with /file PATH, for example: /file signed-ddc.pdf
   *[other] I could not receive your file: the connection dropped. Please send it again.
}
upload-photo-too-small = The photo is too small to read { $doc ->
        [designation] the document
       *[ddc] the declaration
    }. Please take it again in good light, with the whole sheet in view and the phone steady, and send it as a photo, not a thumbnail.
upload-photo-too-dark = The photo is too dark to read { $doc ->
        [designation] the document
       *[ddc] the declaration
    }. Please take it again in good light, with the whole sheet in view and the phone steady.
upload-photo-blurred = The photo is blurred and could not be read. Please take it again in good light, with the whole sheet in view and the phone steady.
upload-active-content = The PDF carries active content (JavaScript, actions that open programs, or embedded files), and for safety I can't accept it. Please print and scan the signed DDC, or send photos of its pages.
upload-inflates-too-much = The PDF is built in an unusual way (it unpacks to an excessive size) and I can't accept it. Please scan it again or send photos of its pages.
upload-unsigned-ddc = This is the DDC's PDF exactly as I sent it, unsigned. Please print it, have { $authority } sign and seal it (or sign it digitally with a RENIEC or DNIe certificate), and send the scan or photos of the signed sheet.
upload-other-request = This DDC belongs to request { $other }, not { $code }. Send the signed DDC of request { $code }, or type the code { $other } to send it to that one.
upload-outdated-ddc = This is the signed DDC from before your correction: it is no longer valid, because the DDC prints the data you changed. Have the new DDC I sent you signed and sealed (it has a new verification code) and send it to me.
