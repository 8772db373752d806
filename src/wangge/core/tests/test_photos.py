import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.core.photos import photo_kind, validate_photo

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 40


@pytest.mark.parametrize("data,kind", [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp"), (b"%PDF-1.7 ...", None)])
def test_a_photo_is_recognised_by_its_first_bytes_whatever_its_name(data, kind):
    assert photo_kind(data[:12]) == kind


def test_a_file_that_is_not_an_image_is_refused_with_its_name():
    with pytest.raises(ValidationError) as exc:
        validate_photo(SimpleUploadedFile("现场.jpg", b"%PDF-1.7 not a photo"))
    assert "现场.jpg" in str(exc.value.messages[0]) or "现场.jpg" in str(exc.value)


def test_a_photo_above_the_limit_is_refused_and_one_below_accepted(settings):
    settings.WANGGE_PHOTO_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        validate_photo(SimpleUploadedFile("big.png", PNG + b"\x00" * 100))
    validate_photo(SimpleUploadedFile("small.png", PNG))
