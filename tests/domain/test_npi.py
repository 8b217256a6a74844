import pytest

from petrissage.domain.npi import luhn_check_digit, npi_is_valid, npi_problem


@pytest.mark.parametrize(
    ("npi", "valid"),
    [
        ("1234567893", True),  # CMS worked example
        ("1245319599", True),
        ("1234567890", False),
        ("123456789", False),
        ("12345678933", False),
        ("12345678a3", False),
        ("", False),
        ("１２３４５６７８９３", False),  # full-width digits are not ASCII digits
    ],
)
def test_npi_check_digit(npi, valid):
    assert npi_is_valid(npi) is valid


def test_check_digit_of_cms_example_is_3():
    assert luhn_check_digit("80840" + "123456789") == 3


def test_problem_names_the_kind_of_error():
    assert npi_problem("1234567893") is None
    assert "10 digits" in (npi_problem("123") or "")
    assert "check digit" in (npi_problem("1234567890") or "")
    assert "only digits" in (npi_problem("12345-7890") or "")
