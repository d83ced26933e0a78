module github.com/refsync/refsync

go 1.26.8
