package rfc3339

import (
	"testing"
	"time"
)

func zones(t testing.TB) []*time.Location {
	var locs []*time.Location
	for _, name := range []string{"Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "Africa/Monrovia"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		locs = append(locs, loc)
	}
	return append(locs, time.UTC, time.Local, time.FixedZone("", 0), time.FixedZone("X", -(3*3600+30*60+7)),
		time.FixedZone("", 14*3600), time.FixedZone("", -59), time.FixedZone("", 99*3600+59*60), time.FixedZone("", 100*3600), time.FixedZone("", -100*3600-1))
}

func check(t *testing.T, tm time.Time) {
	t.Helper()
	for _, nano := range []bool{false, true} {
		layout := time.RFC3339
		if nano {
			layout = time.RFC3339Nano
		}
		want := tm.AppendFormat([]byte("x"), layout)
		if got := Append([]byte("x"), tm, nano); string(got) != string(want) {
			t.Fatalf("%v (nano %v): got %s, want %s", tm, nano, got, want)
		}
	}
}

func TestAppendWritesWhatTimeWrites(t *testing.T) {
	instants := []time.Time{
		time.Unix(0, 0), time.Unix(-1, 0), time.Unix(-86400, 0), time.Unix(-86401, 999),
		time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC), time.Date(2100, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 2, 29, 12, 0, 0, 100, time.UTC), time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 5e8, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 0, 59, 59, 10, time.UTC),
		{}, time.Now(),
	}
	for _, tm := range instants {
		for _, loc := range zones(t) {
			check(t, tm.In(loc))
		}
	}
}

func FuzzAppendWritesWhatTimeWrites(f *testing.F) {
	f.Add(int64(0), int64(0), uint(0))
	f.Add(int64(1774947600), int64(5e8), uint(3))
	f.Add(int64(-62135596800), int64(1), uint(7))
	f.Add(int64(253402300799), int64(999999999), uint(12))
	locs := zones(f)
	f.Fuzz(func(t *testing.T, sec, nsec int64, zone uint) {
		check(t, time.Unix(sec, nsec).In(locs[zone%uint(len(locs))]))
	})
}

func TestCivilIsTimesCalendar(t *testing.T) {
	first := time.Date(-400, 3, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	last := time.Date(10001, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	for days := first; days <= last; days++ {
		y, m, d := time.Unix(days*86400, 0).UTC().Date()
		if gy, gm, gd := civil(days); gy != y || gm != int(m) || gd != d {
			t.Fatalf("day %d: civil gives %d-%d-%d, time %d-%d-%d", days, gy, gm, gd, y, m, d)
		}
	}
	if y, _, _ := civil(first - 1); y != -1 {
		t.Errorf("a day before the range reads year %d, want -1", y)
	}
}
