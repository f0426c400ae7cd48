/*
 * Durations as the original's flags took them: a plain number of seconds
 * ("10", "1.5") or a Go duration ("10s", "500ms", "1m30s").  Pure.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "common/duration.h"
#include "common/util.h"

/* Milliseconds per unit of a Go duration. */
static double
unit_ms(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		double		 ms;
	} units[] = {
		{ "ns", 1e-6 }, { "us", 1e-3 }, { "\xc2\xb5s", 1e-3 },
		{ "\xce\xbcs", 1e-3 }, { "ms", 1 }, { "s", 1e3 },
		{ "m", 60e3 }, { "h", 3600e3 },
	};
	size_t	 i;

	for (i = 0; i < nitems(units); i++)
		if (strlen(units[i].name) == n &&
		    memcmp(units[i].name, s, n) == 0)
			return units[i].ms;
	return -1;
}

/* DIGITS[.DIGITS] at s into *v; the end, or NULL if there is no digit. */
const char *
parse_decimal(const char *s, double *v)
{
	double	 scale = 1;
	int	 digits = 0;

	for (*v = 0; isdigit((unsigned char)*s) && digits < 32; s++, digits++)
		*v = *v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s) && digits < 32; s++, digits++)
			*v += (*s - '0') * (scale /= 10);
	return digits == 0 || isdigit((unsigned char)*s) ? NULL : s;
}

/*
 * A timeout: a plain number of seconds ("10", "1.5") as the original
 * documented, or a Go duration ("10s", "500ms", "1m30s").
 */
int
parse_duration(const char *s, int64_t *ms)
{
	const char	*p = s, *num, *unit;
	double		 total = 0, v, u;

	if (*s == '\0')
		return -1;
	while (*p != '\0') {
		num = p;
		if ((p = parse_decimal(p, &v)) == NULL)
			return -1;
		unit = p;
		while (*p != '\0' && *p != '.' && !isdigit((unsigned char)*p))
			p++;
		if (unit == p && num == s && *p == '\0')
			u = 1e3;	/* bare number: seconds */
		else if ((u = unit_ms(unit, p - unit)) < 0)
			return -1;
		total += v * u;
		if (total > (double)MAX_TIMEOUT_MS)
			return -1;
	}
	*ms = (int64_t)(total + 0.5);
	return 0;
}

