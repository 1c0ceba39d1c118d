package data_test

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/optimizers/data"
)

func ExampleReadCSV() {
	_, err := data.ReadCSV(strings.NewReader("rooms,area,price\n3,70,250\n4,n/a,300\n"), "price")
	fmt.Println(err)
	// Output: data: line 3, column 2 ("area"): "n/a" is not a number
}

func ExampleSplit() {
	moons, _ := data.Moons(1000, 0.1, 1)
	train, test, _ := data.Split(moons, 0.2, 2)
	data.Standardize(train, test)
	fmt.Println(train, "|", test)
	// Output: 800 rows, 2 features -> 2 classes | 200 rows, 2 features -> 2 classes
}
